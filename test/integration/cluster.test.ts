import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { createRPCError } from "ocpp-rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootChargePoint, connectChargePoint, startTestApp, type TestApp, uniqueId } from "../helpers/app.js";
import { graphql, subscribe } from "../helpers/graphql.js";
import { until } from "../helpers/until.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe("several instances behind a load balancer (REDIS_URL)", () => {
  let a: TestApp;
  let b: TestApp;
  /** A's log lines, where its handling of a replaced socket's close shows. */
  const logOfA: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    // A prefix of its own keeps this run's keys and channels apart from any other on the same Redis.
    const environment = {
      REDIS_URL,
      REDIS_KEY_PREFIX: `test-${randomUUID().slice(0, 8)}:`,
      OCPP_CALL_TIMEOUT_MS: "1500",
      // The orphan sweep looks at every station in the shared test database; the other files' are not ours to mark.
      REDIS_OWNERSHIP_TTL_SECONDS: "3600",
    };
    a = await startTestApp(
      { ...environment, LOG_LEVEL: "info" },
      { logDestination: { write: (line: string) => void logOfA.push(JSON.parse(line) as Record<string, unknown>) } },
    );
    b = await startTestApp(environment);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it("a subscriber on instance B sees the events of a charger connected to instance A", async () => {
    const chargePointId = uniqueId("CLUSTER-EVENTS");
    const events = subscribe(
      b.graphqlUrl,
      `subscription ($id: String) { connectorStatusChanged(chargePointId: $id) { status statusAt } }`,
      {
        id: chargePointId,
      },
    );
    try {
      await events.ready;
      const charger = await bootChargePoint(a, chargePointId);
      await charger.call("StatusNotification", { connectorId: 1, errorCode: "NoError", status: "Charging" });
      const event = await events.next();
      expect(event.connectorStatusChanged.status).toBe("Charging");
      // Dates survive the trip through Redis.
      expect(Number.isNaN(Date.parse(event.connectorStatusChanged.statusAt))).toBe(false);
      await charger.close();
    } finally {
      await events.close();
    }
  });

  it("a command sent to instance B reaches the charger held by instance A and returns its answer", async () => {
    const chargePointId = uniqueId("CLUSTER-CMD");
    const charger = await bootChargePoint(a, chargePointId);
    const received: unknown[] = [];
    charger.handle("Reset", async ({ params }) => {
      received.push(params);
      return { status: "Accepted" };
    });
    const result = await graphql(
      b.graphqlUrl,
      `
        mutation ($id: String!) {
          reset(chargePointId: $id, type: Soft) {
            status
          }
        }
      `,
      {
        id: chargePointId,
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.reset.status).toBe("Accepted");
    expect(received).toEqual([{ type: "Soft" }]);
    await charger.close();
  });

  it("routed commands fail with the same error codes: STATION_CALL_ERROR, STATION_TIMEOUT, BAD_USER_INPUT, STATION_NOT_CONNECTED", async () => {
    const chargePointId = uniqueId("CLUSTER-ERR");
    const charger = await bootChargePoint(a, chargePointId);
    charger.handle("ClearCache", () => {
      throw createRPCError("GenericError", "cache is busy");
    });
    charger.handle("UnlockConnector", () => new Promise(() => {}));
    const mutate = (query: string) => graphql(b.graphqlUrl, query, { id: chargePointId });

    const callError = await mutate(`mutation ($id: String!) { clearCache(chargePointId: $id) { status } }`);
    expect(callError.errors![0]!.extensions).toMatchObject({
      code: "STATION_CALL_ERROR",
      ocppErrorCode: "GenericError",
    });

    const timeout = await mutate(
      `mutation ($id: String!) { unlockConnector(chargePointId: $id, connectorId: 1) { status } }`,
    );
    expect(timeout.errors![0]!.extensions).toMatchObject({ code: "STATION_TIMEOUT" });

    const badInput = await mutate(
      `mutation ($id: String!) { remoteStartTransaction(chargePointId: $id, idTag: "${"X".repeat(21)}") { status } }`,
    );
    expect(badInput.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT" });

    // The charger still holds the unanswered UnlockConnector: close without waiting for it.
    await charger.close({ force: true });
    await expect
      .poll(async () => {
        const gone = await mutate(`mutation ($id: String!) { clearCache(chargePointId: $id) { status } }`);
        return gone.errors?.[0]?.extensions?.code;
      })
      .toBe("STATION_NOT_CONNECTED");
  });

  it("a charger reconnecting to another instance takes over: the old instance drops its socket and the station stays connected", async () => {
    const chargePointId = uniqueId("CLUSTER-MOVE");
    const first = await bootChargePoint(a, chargePointId);
    const firstClosed = new Promise<number>((resolve) =>
      first.once("close", ({ code }: { code: number }) => resolve(code)),
    );
    const second = await connectChargePoint(b, chargePointId);
    expect(await firstClosed).toBe(1000);
    second.handle("TriggerMessage", async () => ({ status: "Accepted" }));

    // Commands now go to B's socket, from either instance.
    const viaA = await graphql(
      a.graphqlUrl,
      `
        mutation ($id: String!) {
          triggerMessage(chargePointId: $id, requestedMessage: Heartbeat) {
            status
          }
        }
      `,
      {
        id: chargePointId,
      },
    );
    expect(viaA.data?.triggerMessage.status).toBe("Accepted");
    // The replaced socket's close on A must not mark the station disconnected. Once A has handled the close, a bounded
    // wait: nothing announces an update that does not come, and 100 ms is many times the write a wrong one would take.
    await until(
      () =>
        logOfA.some(
          (line) => line.msg === "Charge point disconnected" && line.chargePointId === chargePointId && line.replaced,
        ),
      "A handles the replaced socket's close",
    );
    await delay(100);
    const station = await graphql(
      a.graphqlUrl,
      `
        query ($id: String!) {
          station(chargePointId: $id) {
            connected
          }
        }
      `,
      { id: chargePointId },
    );
    expect(station.data!.station.connected).toBe(true);
    await second.close();
  });
});
