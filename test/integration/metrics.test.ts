import { setTimeout as delay } from "node:timers/promises";
import { createRPCError, type RPCClient } from "ocpp-rpc";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { bootChargePoint, startTestApp, type TestApp, uniqueId } from "../helpers/app.js";
import { graphql, subscribe } from "../helpers/graphql.js";
import { Scrape } from "../helpers/prometheus.js";
import { openRawSocket } from "../helpers/raw-socket.js";
import { until } from "../helpers/until.js";

// GET /metrics: what the counters, gauges and histograms say after real OCPP traffic, commands sent through
// GraphQL and a live subscription; the token and the switch that guard the endpoint; one registry per app; and the
// charge point identity, unique id and action on the log lines about OCPP messages.

const P = "ocpp_central_";
const TOKEN = "metrics-token-0123456789abcdef";

let app: TestApp;
const chargers: RPCClient[] = [];
const rawSockets: Array<Awaited<ReturnType<typeof openRawSocket>>> = [];

beforeAll(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  for (const socket of rawSockets.splice(0)) socket.close();
  await Promise.all(chargers.splice(0).map((charger) => charger.close({ force: true })));
});
afterAll(async () => {
  await app?.close();
});

async function fetchMetrics(target: TestApp, headers: Record<string, string> = {}) {
  return fetch(`http://127.0.0.1:${target.httpPort}/metrics`, { headers });
}

async function scrape(target: TestApp = app): Promise<Scrape> {
  const response = await fetchMetrics(target);
  expect(response.status).toBe(200);
  return Scrape.parse(await response.text());
}

async function charger(target: TestApp = app, id = uniqueId("MET")) {
  const client = await bootChargePoint(target, id);
  chargers.push(client);
  return { id, client };
}

async function rawCharger(target: TestApp = app, id = uniqueId("RAW")) {
  const socket = await openRawSocket(`${target.ocppUrl}/${id}`);
  rawSockets.push(socket);
  return { id, socket };
}

/** The first scrape that `accept` takes. */
const scrapeUntil = (accept: (s: Scrape) => boolean, what: string) =>
  until(async () => {
    const s = await scrape();
    return accept(s) && s;
  }, what);

const messages = (s: Scrape, direction: string, messageType: string, action: string) =>
  s.value(`${P}ocpp_messages_total`, { direction, message_type: messageType, action });

const REMOTE_START = `mutation MetricsRemoteStart($cp: String!) {
  remoteStartTransaction(chargePointId: $cp, idTag: "METRICS-TAG", connectorId: 1) { status }
}`;
const RESET = `mutation MetricsReset($cp: String!) { reset(chargePointId: $cp, type: Soft) { status } }`;
const NAMED_STATIONS = "query MetricsStations { stations(first: 1) { edges { node { chargePointId } } } }";
const ANONYMOUS_STATIONS = "{ stations(first: 1) { edges { node { chargePointId } } } }";
const INVALID_QUERY = "query MetricsInvalid { noSuchField }";

describe("GET /metrics", () => {
  it("answers in the Prometheus text format, every family typed, with default process metrics on the app's prefix", async () => {
    const response = await fetchMetrics(app);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const s = Scrape.parse(await response.text());
    expect(s.family(`${P}chargers_connected`).type).toBe("gauge");
    expect(s.family(`${P}ocpp_messages_total`).type).toBe("counter");
    expect(s.family(`${P}ocpp_command_duration_seconds`).type).toBe("histogram");
    expect(s.family(`${P}nodejs_eventloop_lag_seconds`).type).toBe("gauge");
    expect(s.value(`${P}nodejs_eventloop_lag_seconds`)).toBeGreaterThanOrEqual(0);
    expect(s.value(`${P}process_resident_memory_bytes`)).toBeGreaterThan(0);
    expect(s.value(`${P}nodejs_heap_size_used_bytes`)).toBeGreaterThan(0);
    // Nothing lands in prom-client's global registry: several apps share this process.
    expect([...s.families.keys()].every((name) => name.startsWith(P))).toBe(true);
  });

  it("counts OCPP frames by direction, message type and action, CALLERRORs by code, and connected chargers", async () => {
    const before = await scrape();
    const { id, client } = await charger();
    await client.call("Heartbeat", {});
    await client.call("StatusNotification", { connectorId: 1, status: "Available", errorCode: "NoError" });
    const raw = await rawCharger();
    // An action OCPP 1.6 does not define, then a frame that is not JSON: both answered with our CALLERROR.
    expect(await raw.socket.exchange(JSON.stringify([2, "m-1", "MadeUpAction", {}]))).toEqual([
      4,
      "m-1",
      "NotImplemented",
      expect.any(String),
      expect.anything(),
    ]);
    expect((await raw.socket.exchange("not json"))[2]).toBe("FormationViolation");
    await app.audit.flush();

    const after = await scrape();
    const delta = (direction: string, type: string, action: string) =>
      messages(after, direction, type, action) - messages(before, direction, type, action);
    expect(delta("inbound", "CALL", "BootNotification")).toBe(1);
    expect(delta("outbound", "CALLRESULT", "BootNotification")).toBe(1);
    expect(delta("inbound", "CALL", "Heartbeat")).toBe(1);
    expect(delta("outbound", "CALLRESULT", "Heartbeat")).toBe(1);
    expect(delta("inbound", "CALL", "StatusNotification")).toBe(1);
    // Made-up actions do not become label values.
    expect(delta("inbound", "CALL", "unknown")).toBe(1);
    expect(delta("outbound", "CALLERROR", "unknown")).toBe(1);
    expect(delta("inbound", "invalid", "none")).toBe(1);
    expect(delta("outbound", "CALLERROR", "none")).toBe(1);
    const callErrors = (s: Scrape, code: string) =>
      s.value(`${P}ocpp_call_errors_total`, { direction: "outbound", error_code: code });
    expect(callErrors(after, "NotImplemented") - callErrors(before, "NotImplemented")).toBe(1);
    expect(callErrors(after, "FormationViolation") - callErrors(before, "FormationViolation")).toBe(1);

    expect(after.value(`${P}chargers_connected`)).toBe(2);
    // No label anywhere names a charge point.
    const labelValues = [...after.families.values()].flatMap((f) => f.samples.flatMap((s) => Object.values(s.labels)));
    expect(labelValues).not.toContain(id);
    expect(labelValues).not.toContain(raw.id);

    // The audit log stored every one of those frames, and the state writer wrote the heartbeat and the status.
    const written = (s: Scrape) => s.value(`${P}audit_rows_written_total`);
    expect(written(after) - written(before)).toBeGreaterThanOrEqual(10);
    expect(after.histogram(`${P}audit_flush_duration_seconds`).count).toBeGreaterThan(
      before.histogram(`${P}audit_flush_duration_seconds`).count,
    );
    expect(after.value(`${P}audit_queue_depth`)).toBe(0);
    const batchSize = (s: Scrape) => s.histogram(`${P}state_writer_batch_size`);
    expect(batchSize(after).sum - batchSize(before).sum).toBeGreaterThanOrEqual(2);
    expect(after.histogram(`${P}state_writer_batch_duration_seconds`).count).toBe(batchSize(after).count);

    client.close({ force: true });
    raw.socket.close();
    await scrapeUntil((s) => s.value(`${P}chargers_connected`) === 0, "no charger connected");
  });

  it("times commands from our CALL to the charger's answer, by action and outcome, and counts GraphQL operations and errors", async () => {
    const { id, client } = await charger();
    // A slow charger: its answer takes 30 ms, which the command's duration must show (a delay of the charger,
    // not a wait of the test).
    client.handle("RemoteStartTransaction", async () => {
      await delay(30);
      return { status: "Accepted" };
    });
    client.handle("Reset", () => {
      throw createRPCError("NotSupported", "No reset on this charger");
    });
    const before = await scrape();

    const started = await graphql(app.graphqlUrl, REMOTE_START, { cp: id });
    expect(started.errors).toBeUndefined();
    expect(started.data!.remoteStartTransaction.status).toBe("Accepted");
    const reset = await graphql(app.graphqlUrl, RESET, { cp: id });
    expect(reset.errors?.[0]?.extensions).toMatchObject({ code: "STATION_CALL_ERROR", ocppErrorCode: "NotSupported" });
    const offline = await graphql(app.graphqlUrl, RESET, { cp: uniqueId("NOBODY") });
    expect(offline.errors?.[0]?.extensions?.code).toBe("STATION_NOT_CONNECTED");
    const stations = await graphql(app.graphqlUrl, NAMED_STATIONS);
    expect(stations.errors).toBeUndefined();
    await graphql(app.graphqlUrl, ANONYMOUS_STATIONS);
    await graphql(app.graphqlUrl, `query Broken {`);
    await graphql(app.graphqlUrl, INVALID_QUERY);

    const after = await scrape();
    const duration = `${P}ocpp_command_duration_seconds`;
    const accepted = after.histogram(duration, { action: "RemoteStartTransaction", outcome: "result" });
    const acceptedBefore = before.histogram(duration, { action: "RemoteStartTransaction", outcome: "result" });
    expect(accepted.count - acceptedBefore.count).toBe(1);
    expect(accepted.sum - acceptedBefore.sum).toBeGreaterThanOrEqual(0.025);
    expect(accepted.sum - acceptedBefore.sum).toBeLessThan(5);
    // Cumulative buckets: never decreasing, +Inf holds every observation, 10 ms is too fast for a 30 ms answer.
    const counts = accepted.buckets.map((bucket) => bucket.count);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(accepted.buckets.at(-1)).toEqual({ le: Infinity, count: accepted.count });
    expect(accepted.buckets.find((bucket) => bucket.le === 0.01)!.count).toBe(
      acceptedBefore.buckets.find((bucket) => bucket.le === 0.01)?.count ?? 0,
    );
    expect(after.histogram(duration, { action: "Reset", outcome: "callerror" }).count).toBe(
      before.histogram(duration, { action: "Reset", outcome: "callerror" }).count + 1,
    );

    const delta = (family: string, labels: Record<string, string>) =>
      after.value(family, labels) - before.value(family, labels);
    expect(
      delta(`${P}ocpp_messages_total`, {
        direction: "outbound",
        message_type: "CALL",
        action: "RemoteStartTransaction",
      }),
    ).toBe(1);
    expect(
      delta(`${P}ocpp_messages_total`, {
        direction: "inbound",
        message_type: "CALLRESULT",
        action: "RemoteStartTransaction",
      }),
    ).toBe(1);
    expect(delta(`${P}ocpp_messages_total`, { direction: "inbound", message_type: "CALLERROR", action: "Reset" })).toBe(
      1,
    );
    expect(delta(`${P}ocpp_call_errors_total`, { direction: "inbound", error_code: "NotSupported" })).toBe(1);

    const operations = `${P}graphql_operations_total`;
    expect(delta(operations, { operation_type: "mutation", operation_name: "MetricsRemoteStart" })).toBe(1);
    expect(delta(operations, { operation_type: "mutation", operation_name: "MetricsReset" })).toBe(2);
    expect(delta(operations, { operation_type: "query", operation_name: "MetricsStations" })).toBe(1);
    expect(delta(operations, { operation_type: "query", operation_name: "anonymous" })).toBe(1);
    // Operations that never ran (parse or validation errors) are not operations, only errors.
    expect(after.samples(operations, { operation_name: "MetricsInvalid" })).toEqual([]);
    const errors = `${P}graphql_errors_total`;
    expect(delta(errors, { code: "STATION_CALL_ERROR" })).toBe(1);
    expect(delta(errors, { code: "STATION_NOT_CONNECTED" })).toBe(1);
    expect(delta(errors, { code: "GRAPHQL_PARSE_FAILED" })).toBe(1);
    expect(delta(errors, { code: "GRAPHQL_VALIDATION_FAILED" })).toBe(1);
  });

  it("records a command cut off by the charger disconnecting as outcome disconnected", async () => {
    const { id, client } = await charger();
    client.handle("Reset", () => new Promise(() => {}));
    const before = await scrape();
    const pending = graphql(app.graphqlUrl, RESET, { cp: id });
    await scrapeUntil(
      (s) => messages(s, "outbound", "CALL", "Reset") > messages(before, "outbound", "CALL", "Reset"),
      "the Reset CALL went out",
    );
    await client.close({ force: true });
    expect((await pending).errors?.[0]?.extensions?.code).toBe("STATION_NOT_CONNECTED");
    const after = await scrape();
    const labels = { action: "Reset", outcome: "disconnected" };
    expect(after.histogram(`${P}ocpp_command_duration_seconds`, labels).count).toBe(
      before.histogram(`${P}ocpp_command_duration_seconds`, labels).count + 1,
    );
  });

  it("shows active graphql-ws subscriptions while they stream, and counts them as subscription operations", async () => {
    const gauge = `${P}graphql_subscriptions_active`;
    expect((await scrape()).value(gauge)).toBe(0);
    const live = subscribe(app.graphqlUrl, `subscription MetricsLive { stationUpdated { chargePointId } }`);
    const other = subscribe(app.graphqlUrl, `subscription { connectorStatusChanged { connectorId } }`);
    await Promise.all([live.ready, other.ready]);
    const during = await scrapeUntil((s) => s.value(gauge) === 2, "two subscriptions active");
    expect(
      during.value(`${P}graphql_operations_total`, { operation_type: "subscription", operation_name: "MetricsLive" }),
    ).toBe(1);
    // The subscription delivers, and a validation error over graphql-ws is counted like one over HTTP.
    const { id } = await charger();
    await live.next((event) => event.stationUpdated.chargePointId === id);
    const invalid = subscribe(app.graphqlUrl, `subscription { noSuchSubscription }`);
    await expect(invalid.next()).rejects.toThrow(/GRAPHQL_VALIDATION_FAILED/);
    await invalid.close();
    await live.close();
    await scrapeUntil((s) => s.value(gauge) === 1, "one subscription active");
    await other.close();
    const none = await scrapeUntil((s) => s.value(gauge) === 0, "no subscription active");
    expect(none.value(`${P}graphql_errors_total`, { code: "GRAPHQL_VALIDATION_FAILED" })).toBeGreaterThanOrEqual(1);
  });

  it("reports the database pool behind Prisma: idle and in-use connections, its maximum and waiting queries", async () => {
    await graphql(app.graphqlUrl, ANONYMOUS_STATIONS);
    const s = await scrape();
    const pool = `${P}db_pool_connections`;
    expect(s.value(pool, { state: "max" })).toBe(10);
    expect(s.value(pool, { state: "idle" }) + s.value(pool, { state: "in_use" })).toBeGreaterThanOrEqual(1);
    expect(s.value(pool, { state: "idle" }) + s.value(pool, { state: "in_use" })).toBeLessThanOrEqual(10);
    expect(s.value(`${P}db_pool_waiting_queries`)).toBe(0);
  });
});

type LogLine = Record<string, unknown> & { level: number; msg: string };

/** A test app whose JSON log lines are kept. */
async function startLoggedApp(environment: Record<string, string>) {
  const lines: LogLine[] = [];
  const app = await startTestApp(environment, {
    logDestination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  });
  return { app, lines };
}

const STATIONS = "{ stations(first: 1) { edges { cursor } } }";
const STATION = `query ($cp: String!) { station(chargePointId: $cp) { connected } }`;

// Two more apps, started once for the block.
describe("METRICS_TOKEN, METRICS_ENABLED and LOG_LEVEL", () => {
  let guarded: Awaited<ReturnType<typeof startLoggedApp>>;
  let disabled: Awaited<ReturnType<typeof startLoggedApp>>;
  beforeAll(async () => {
    [guarded, disabled] = await Promise.all([
      startLoggedApp({ METRICS_TOKEN: TOKEN, LOG_LEVEL: "debug" }),
      startLoggedApp({ METRICS_ENABLED: "false", LOG_LEVEL: "warn" }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([guarded?.app.close(), disabled?.app.close()]);
  });

  it("with METRICS_TOKEN, answers 401 without the Bearer token or with a wrong one, 200 with it; GraphQL needs no token", async () => {
    const target = guarded.app;
    const missing = await fetchMetrics(target);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await missing.text()).not.toContain(P);
    expect((await fetchMetrics(target, { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    const basic = `Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}`;
    expect((await fetchMetrics(target, { authorization: basic })).status).toBe(401);
    const allowed = await fetchMetrics(target, { authorization: `Bearer ${TOKEN}` });
    expect(allowed.status).toBe(200);
    expect(Scrape.parse(await allowed.text()).family(`${P}ocpp_messages_total`).type).toBe("counter");
    expect((await graphql(target.graphqlUrl, STATIONS)).errors).toBeUndefined();

    // Each app counts on its own registry: a charger here moves this app's gauge and not the other's.
    await charger(target);
    const here = Scrape.parse(await (await fetchMetrics(target, { authorization: `Bearer ${TOKEN}` })).text());
    expect(here.value(`${P}chargers_connected`)).toBe(1);
    await scrapeUntil((s) => s.value(`${P}chargers_connected`) === 0, "no charger connected to the other app");
  });

  it("with METRICS_ENABLED=false, /metrics is 404 (not the web app) and nothing is collected", async () => {
    const target = disabled.app;
    expect(target.metrics).toBeUndefined();
    const response = await fetchMetrics(target);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("<html");
    await charger(target);
    expect((await graphql(target.graphqlUrl, STATIONS)).errors).toBeUndefined();
  });

  it("log chargePointId on every line of a connection, and uniqueId and action on lines about one message (LOG_LEVEL=debug)", async () => {
    const { app: target, lines } = guarded;
    const { id, client } = await charger(target);
    await client.call("Heartbeat", {});
    const raw = await rawCharger(target);
    await raw.socket.exchange(JSON.stringify([2, "bad-1", "Heartbeat", { unexpected: true }]));
    raw.socket.close();
    await client.close({ force: true });
    await until(
      () =>
        lines.filter(
          (line) => line.msg === "Charge point disconnected" && [id, raw.id].includes(line.chargePointId as string),
        ).length === 2,
      "both disconnects are logged",
    );

    const ocppLines = lines.filter((line) => line.component === "ocpp" && !String(line.msg).startsWith("Refused"));
    expect(ocppLines.length).toBeGreaterThan(6);
    for (const line of ocppLines) expect(line.chargePointId, line.msg).toMatch(/^(MET|RAW)-/);

    // Debug level: one line per frame, with its identity, direction, type, unique id and action.
    const frames = ocppLines.filter((line) => line.msg === "OCPP frame" && line.chargePointId === id);
    expect(frames.map((line) => [line.direction, line.messageType, line.action])).toEqual([
      ["INBOUND", "CALL", "BootNotification"],
      ["OUTBOUND", "CALLRESULT", "BootNotification"],
      ["INBOUND", "CALL", "Heartbeat"],
      ["OUTBOUND", "CALLRESULT", "Heartbeat"],
    ]);
    for (const line of frames) expect(line.uniqueId).toEqual(expect.any(String));
    expect(frames[0]!.uniqueId).toBe(frames[1]!.uniqueId);
    expect(frames.every((line) => line.level === 20)).toBe(true);

    // Info level: the refusal of one message names it.
    const refusal = ocppLines.find((line) => String(line.msg).startsWith("Answered CALLERROR"));
    expect(refusal).toMatchObject({ level: 30, chargePointId: raw.id, uniqueId: "bad-1", action: "Heartbeat" });
  });

  it("honour LOG_LEVEL: at warn there are no info or debug lines", async () => {
    const { app: target, lines } = disabled;
    const { id, client } = await charger(target);
    await client.call("Heartbeat", {});
    await client.close({ force: true });
    // The station is stored disconnected after the disconnect was logged (at info): once it is, that line had its
    // chance to appear.
    await expect
      .poll(async () => (await graphql(target.graphqlInProcess, STATION, { cp: id })).data?.station?.connected)
      .toBe(false);
    expect(lines.length).toBeGreaterThan(0); // the AUTH_REQUIRED warning at start
    expect(lines.filter((line) => line.level < 40)).toEqual([]);
  });
});
