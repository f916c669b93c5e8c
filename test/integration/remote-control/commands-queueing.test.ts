import { setTimeout as delay } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestApp, type TestApp } from "../../helpers/app.js";
import { bootedChargers } from "../../helpers/booted-chargers.js";
import { graphql, type GraphQLResponse } from "../../helpers/graphql.js";

// Commands to chargers, part 5: one CALL outstanding per charger, the rest waiting in order; what happens to
// waiting calls when the charger disconnects or does not answer in time.

const never = () => new Promise<Record<string, unknown>>(() => {});

const CHANGE_CONFIGURATION = `mutation ($cp: String!, $key: String!, $value: String!) {
  changeConfiguration(chargePointId: $cp, key: $key, value: $value) { status }
}`;
const RESET = `mutation ($cp: String!) { reset(chargePointId: $cp, type: Soft) { status } }`;

const charger = bootedChargers("Q");

/** Our OUTBOUND CALLs to the charge point, in the order they were sent. */
async function outboundCalls(app: TestApp, chargePointId: string, action: string) {
  await app.audit.flush();
  return app.db.ocppMessage.findMany({
    where: { chargePointId, action, direction: "OUTBOUND", messageType: "CALL" },
    orderBy: { id: "asc" },
  });
}

/** The charge point's answers (INBOUND CALLRESULTs and CALLERRORs) to our CALLs, in the order they came. */
async function inboundAnswers(app: TestApp, chargePointId: string) {
  await app.audit.flush();
  return app.db.ocppMessage.findMany({
    where: { chargePointId, direction: "INBOUND", messageType: { in: ["CALLRESULT", "CALLERROR"] } },
    orderBy: { id: "asc" },
  });
}

describe("with the default call timeout", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("20 concurrent commands to one charger reach it one at a time, each answered with its own result", async () => {
    const { id, client } = await charger(app);
    const seen: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    client.handle("ChangeConfiguration", async ({ params }) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      seen.push(params!.value as string);
      // A charger busy for a moment, so that a second CALL sent too early would overlap this one (the charger's pace,
      // not a wait of the test).
      await delay(20);
      inFlight--;
      // Odd values are rejected, so every answer can be matched to its own request.
      return { status: Number(params!.value) % 2 === 0 ? "Accepted" : "Rejected" };
    });

    const values = Array.from({ length: 20 }, (_, index) => String(index));
    const pending: Array<Promise<GraphQLResponse>> = [];
    for (const value of values) {
      pending.push(graphql(app.graphqlUrl, CHANGE_CONFIGURATION, { cp: id, key: "MeterValueSampleInterval", value }));
    }
    const results = await Promise.all(pending);

    expect(maxInFlight).toBe(1);
    expect([...seen].sort((a, b) => Number(a) - Number(b))).toEqual(values);
    results.forEach((result, index) => {
      expect(result.errors).toBeUndefined();
      expect(result.data?.changeConfiguration.status).toBe(index % 2 === 0 ? "Accepted" : "Rejected");
    });
    // HTTP requests race each other, so the order is the one the server queued them in: its CALLs, in sending order.
    const calls = await outboundCalls(app, id, "ChangeConfiguration");
    expect(calls.map((call) => (call.payload as { value: string }).value)).toEqual(seen);
    expect(new Set(calls.map((call) => call.uniqueId)).size).toBe(20);
  });

  it("does not send the next command before the charger answered the current one", async () => {
    const { id, client } = await charger(app);
    let release!: () => void;
    const firstAnswered = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    client.handle("ChangeConfiguration", async ({ params }) => {
      seen.push(params!.value as string);
      if (params!.value === "first") await firstAnswered;
      return { status: "Accepted" };
    });

    const first = graphql(app.graphqlUrl, CHANGE_CONFIGURATION, { cp: id, key: "K", value: "first" });
    await expect.poll(() => seen).toEqual(["first"]);
    const second = graphql(app.graphqlUrl, CHANGE_CONFIGURATION, { cp: id, key: "K", value: "second" });
    await expect.poll(() => app.ocpp.get(id)?.queuedCalls).toBe(1);
    // Proving that the second CALL is NOT sent takes a wait: no event announces a frame that never goes out. 100 ms
    // is many times a loopback round trip; a wrong send would have arrived by then.
    await delay(100);

    expect(seen).toEqual(["first"]);
    release();
    expect((await first).data?.changeConfiguration.status).toBe("Accepted");
    expect((await second).data?.changeConfiguration.status).toBe("Accepted");
    expect(seen).toEqual(["first", "second"]);
  });

  it("a charger that does not answer holds up only its own commands, not another charger's", async () => {
    const stuck = await charger(app);
    const other = await charger(app);
    stuck.client.handle("Reset", never);
    other.client.handle("Reset", async () => ({ status: "Accepted" }));

    const waiting = graphql(app.graphqlUrl, RESET, { cp: stuck.id });
    await expect.poll(async () => (await outboundCalls(app, stuck.id, "Reset")).length).toBe(1);
    const started = Date.now();
    const result = await graphql(app.graphqlUrl, RESET, { cp: other.id });

    expect(result).toEqual({ data: { reset: { status: "Accepted" } } });
    expect(Date.now() - started).toBeLessThan(2_000);
    await stuck.client.close({ force: true });
    expect((await waiting).errors?.[0]?.extensions?.code).toBe("STATION_NOT_CONNECTED");
  });
});

describe("with OCPP_CALL_TIMEOUT_MS=10000", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ OCPP_CALL_TIMEOUT_MS: "10000" });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("a disconnect fails the outstanding and the queued commands at once with STATION_NOT_CONNECTED", async () => {
    const { id, client } = await charger(app);
    const received: string[] = [];
    client.handle("ChangeConfiguration", async ({ params }) => {
      received.push(params!.value as string);
      return never();
    });

    const settledAt: number[] = [];
    const pending = ["a", "b", "c"].map((value) =>
      graphql(app.graphqlUrl, CHANGE_CONFIGURATION, { cp: id, key: "HeartbeatInterval", value }).then((result) => {
        settledAt.push(Date.now());
        return result;
      }),
    );
    // One CALL is with the charger, the other two wait behind it.
    await expect.poll(() => received.length).toBe(1);
    await expect.poll(() => app.ocpp.get(id)?.queuedCalls).toBe(2);

    const closedAt = Date.now();
    await client.close({ force: true });
    const results = await Promise.all(pending);

    for (const result of results) {
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions?.code).toBe("STATION_NOT_CONNECTED");
    }
    expect(Math.max(...settledAt) - closedAt).toBeLessThan(2_000);
    expect(received).toHaveLength(1);
    expect(await app.db.configurationKey.findMany({ where: { chargePointId: id } })).toEqual([]);
  });

  it("commands work again once the charger has reconnected", async () => {
    const { id, client } = await charger(app);
    client.handle("Reset", never);
    const waiting = graphql(app.graphqlUrl, RESET, { cp: id });
    await expect.poll(async () => (await outboundCalls(app, id, "Reset")).length).toBe(1);
    await client.close({ force: true });
    expect((await waiting).errors?.[0]?.extensions?.code).toBe("STATION_NOT_CONNECTED");

    const { client: again } = await charger(app, id);
    again.handle("Reset", async () => ({ status: "Accepted" }));

    expect(await graphql(app.graphqlUrl, RESET, { cp: id })).toEqual({ data: { reset: { status: "Accepted" } } });
  });
});

describe("with OCPP_CALL_TIMEOUT_MS=1000", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ OCPP_CALL_TIMEOUT_MS: "1000" });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("a timed-out command frees the queue, and its late answer is not taken as the next command's answer", async () => {
    const { id, client } = await charger(app);
    const seen: string[] = [];
    let secondArrived!: () => void;
    const secondCommand = new Promise<void>((resolve) => (secondArrived = resolve));
    client.handle("ChangeAvailability", async ({ params }) => {
      seen.push(params!.type as string);
      // The first answer comes late: only once the second command is outstanding, which the server sends only after
      // the first timed out. The second is answered only once the server has the late answer, so it cannot be
      // taken for the second's.
      if (params!.type === "Inoperative") {
        await secondCommand;
        return { status: "Accepted" };
      }
      secondArrived();
      await vi.waitFor(async () => expect(await inboundAnswers(app, id)).toHaveLength(1), { timeout: 5000 });
      return { status: "Rejected" };
    });
    const mutation = `mutation ($cp: String!, $type: AvailabilityType!) {
      changeAvailability(chargePointId: $cp, connectorId: 1, type: $type) { status }
    }`;

    const first = graphql(app.graphqlUrl, mutation, { cp: id, type: "Inoperative" });
    await expect.poll(() => seen).toEqual(["Inoperative"]);
    const second = graphql(app.graphqlUrl, mutation, { cp: id, type: "Operative" });

    const firstResult = await first;
    expect(firstResult.errors?.[0]?.extensions).toMatchObject({
      code: "STATION_TIMEOUT",
      action: "ChangeAvailability",
      timeoutMs: 1000,
    });
    expect(await second).toEqual({ data: { changeAvailability: { status: "Rejected" } } });
    expect(seen).toEqual(["Inoperative", "Operative"]);

    // The audit log keeps both CALLs and both answers, the late one included.
    const calls = await outboundCalls(app, id, "ChangeAvailability");
    expect(calls).toHaveLength(2);
    const answers = await inboundAnswers(app, id);
    expect(answers.map((frame) => [frame.messageType, frame.uniqueId])).toEqual([
      ["CALLRESULT", calls[0]!.uniqueId],
      ["CALLRESULT", calls[1]!.uniqueId],
    ]);
  });
});
