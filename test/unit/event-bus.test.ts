import { describe, expect, it } from "vitest";
import { createEventBus } from "../../src/events/event-bus.js";
import type { Station } from "../../src/generated/prisma/client.js";
import { eventStreams } from "../../src/graphql/event-streams.js";

const station = (chargePointId: string) => ({ chargePointId, connected: true }) as Station;

describe("the in-memory event bus", () => {
  it("a listener to a channel hears every charge point's events, a listener to one charge point only its own", () => {
    const bus = createEventBus();
    const all: string[] = [];
    const one: string[] = [];
    bus.listen("stationUpdated", (record) => all.push(record.chargePointId));
    bus.listen("stationUpdated", (record) => one.push(record.chargePointId), "CP-1");

    bus.publish("stationUpdated", station("CP-1"));
    bus.publish("stationUpdated", station("CP-2"));

    expect(all).toEqual(["CP-1", "CP-2"]);
    expect(one).toEqual(["CP-1"]);
  });

  it("a stopped listener hears nothing more, and other channels never reach it", () => {
    const bus = createEventBus();
    const heard: unknown[] = [];
    const stop = bus.listen("principalChanged", (change) => heard.push(change));

    bus.publish("principalChanged", { kind: "user", id: 1 });
    bus.publish("stationUpdated", station("CP-1"));
    stop();
    bus.publish("principalChanged", { kind: "apiKey", id: 2 });

    expect(heard).toEqual([{ kind: "user", id: 1 }]);
  });
});

describe("event streams for GraphQL subscriptions", () => {
  it("queue a charge point's events until taken, and stop listening once returned", async () => {
    const bus = createEventBus();
    const stream = eventStreams(bus).subscribe("stationUpdated", "CP-1");
    const first = stream.next();

    bus.publish("stationUpdated", station("CP-2"));
    bus.publish("stationUpdated", station("CP-1"));
    bus.publish("stationUpdated", { ...station("CP-1"), connected: false });

    expect((await first).value).toMatchObject({ chargePointId: "CP-1", connected: true });
    expect((await stream.next()).value).toMatchObject({ chargePointId: "CP-1", connected: false });
    await stream.return?.();
    bus.publish("stationUpdated", station("CP-1"));
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });
});
