import { readdir, readFile } from "node:fs/promises";
import { Writable } from "node:stream";
import { createRPCError, type RPCClient } from "ocpp-rpc";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createLogger } from "../../../src/logger.js";
import { startTestApp, type TestApp, uniqueId } from "../../helpers/app.js";
import { answer } from "../../helpers/charger-answers.js";
import { errorCodes, graphqlAs, type Subscription, subscribe } from "../../helpers/graphql.js";
import { accounts, basic, connectCharger, handshakeStatus } from "../../helpers/security.js";
import { until } from "../../helpers/until.js";

// Secrets in the station configuration (docs/security.md, "Secrets"): AuthorizationKey and the keys named in
// OCPP_SECRET_CONFIGURATION_KEYS are write-only for everyone. Their values never reach the audit log, its live
// subscription, the stored configuration or any GraphQL answer; an accepted AuthorizationKey change becomes the
// password the station's next handshake is checked against.

const JWT_SECRET = "s".repeat(40);
const REDACTED = "[redacted]";
const OLD_KEY = "old-AuthorizationKey-0001"; // 25 characters
const NEW_KEY = "new-AuthorizationKey-0002";
const VENDOR_SECRET = "vendor-secret-value-0003";

let app: TestApp;
let adminKey: string;
let operatorKey: string;
let viewerKey: string;

beforeAll(async () => {
  app = await startTestApp({
    NODE_ENV: "production",
    JWT_SECRET,
    AUTH_REQUIRED: "true",
    OCPP_ALLOW_UNKNOWN_STATIONS: "false",
    OCPP_SECURITY_PROFILE: "1",
    // This file's refused handshakes are intended: they must not lock its stations out.
    OCPP_AUTH_FAILURES_PER_MINUTE: "1000",
    OCPP_SECRET_CONFIGURATION_KEYS: "VendorSecretToken, AnotherSecret",
  });
  const keys = accounts(app, JWT_SECRET);
  adminKey = (await keys.apiKey("admin")).key;
  operatorKey = (await keys.apiKey("operator")).key;
  viewerKey = (await keys.apiKey("viewer")).key;
});
afterAll(async () => {
  await app?.close();
});

const chargers: RPCClient[] = [];
const probes: Array<Subscription<unknown>> = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await Promise.all(probes.splice(0).map((probe) => probe.close()));
  await Promise.all(chargers.splice(0).map((client) => client.close({ force: true })));
});

const as =
  (key: string) =>
  (query: string, variables: Record<string, unknown> = {}) =>
    graphqlAs(app.graphqlUrl, key, query, variables).then((result) => result.body);
const admin = (query: string, variables: Record<string, unknown> = {}) => as(adminKey)(query, variables);

const SET_PASSWORD = `mutation ($cp: String!, $password: String) { setStationPassword(chargePointId: $cp, password: $password) }`;
const CHANGE_CONFIGURATION = `mutation ($cp: String!, $key: String!, $value: String!) {
  changeConfiguration(chargePointId: $cp, key: $key, value: $value) { status }
}`;
const GET_CONFIGURATION = `mutation ($cp: String!) {
  getConfiguration(chargePointId: $cp) { configurationKey { key value readonly } }
}`;
const STATION_CONFIGURATION = `query ($cp: String!) { station(chargePointId: $cp) { configuration { key value } } }`;
const MESSAGES = `query ($cp: String!, $action: String) {
  messages(chargePointId: $cp, action: $action, first: 100) { edges { node { direction messageType action payload raw } } }
}`;
const MESSAGE_LOGGED = `subscription ($cp: String) {
  ocppMessageLogged(chargePointId: $cp) { direction messageType action payload raw }
}`;

type Frame = { direction: string; messageType: string | null; action: string | null; payload: any; raw: string };

/** A registered station with the password OLD_KEY, connected with it and booted. */
async function station(prefix = "SECRET") {
  const id = uniqueId(prefix);
  expect((await admin(SET_PASSWORD, { cp: id, password: OLD_KEY })).errors).toBeUndefined();
  const client = await connectCharger(app, id, { password: OLD_KEY });
  chargers.push(client);
  await client.call("BootNotification", { chargePointVendor: "Acme", chargePointModel: "Volt 22" });
  return { id, client };
}

async function auditLog(id: string, action: string, key = viewerKey): Promise<Frame[]> {
  await app.audit.flush();
  const result = await as(key)(MESSAGES, { cp: id, action });
  expect(result.errors).toBeUndefined();
  return (result.data!.messages.edges as Array<{ node: Frame }>).map((edge) => edge.node);
}

/** A viewer's live audit log of one station, connected before anything is sent. */
async function liveAuditLog(id: string) {
  const probe = subscribe<{ ocppMessageLogged: Frame }>(
    app.graphqlUrl,
    MESSAGE_LOGGED,
    { cp: id },
    { Authorization: `Bearer ${viewerKey}` },
  );
  probes.push(probe);
  await probe.ready;
  return probe;
}

describe("ChangeConfiguration of AuthorizationKey", () => {
  it("sends the key to the charger, but the audit log, its subscription and the stored configuration hold only the marker", async () => {
    const { id, client } = await station();
    const live = await liveAuditLog(id);
    const received = answer(client, "ChangeConfiguration", { status: "Accepted" });

    const result = await admin(CHANGE_CONFIGURATION, { cp: id, key: "AuthorizationKey", value: NEW_KEY });

    expect(result).toEqual({ data: { changeConfiguration: { status: "Accepted" } } });
    expect(received).toEqual([{ key: "AuthorizationKey", value: NEW_KEY }]);

    const [reply, call] = await auditLog(id, "ChangeConfiguration");
    expect(call).toMatchObject({ direction: "OUTBOUND", messageType: "CALL" });
    expect(call!.payload).toEqual({ key: "AuthorizationKey", value: REDACTED });
    expect(call!.raw).not.toContain(NEW_KEY);
    expect(JSON.parse(call!.raw)).toEqual([2, expect.any(String), "ChangeConfiguration", call!.payload]);
    expect(reply).toMatchObject({ direction: "INBOUND", messageType: "CALLRESULT", payload: { status: "Accepted" } });

    const liveCall = await live.next(
      ({ ocppMessageLogged: frame }) => frame.action === "ChangeConfiguration" && frame.messageType === "CALL",
    );
    expect(liveCall.ocppMessageLogged.payload).toEqual({ key: "AuthorizationKey", value: REDACTED });
    expect(liveCall.ocppMessageLogged.raw).not.toContain(NEW_KEY);

    // Write-only for admins too, and not merely hidden: the database row holds the marker.
    const configuration = (await admin(STATION_CONFIGURATION, { cp: id })).data!.station.configuration;
    expect(configuration).toEqual([{ key: "AuthorizationKey", value: REDACTED }]);
    const row = await app.db.configurationKey.findUnique({
      where: { chargePointId_key: { chargePointId: id, key: "AuthorizationKey" } },
    });
    expect(row?.value).toBe(REDACTED);
  });

  it("once accepted, becomes the password the handshake checks: the new key connects, the old one is refused", async () => {
    const { id, client } = await station();
    answer(client, "ChangeConfiguration", { status: "Accepted" });

    const result = await admin(CHANGE_CONFIGURATION, { cp: id, key: "AuthorizationKey", value: NEW_KEY });
    expect(result.data?.changeConfiguration.status).toBe("Accepted");
    await client.close({ force: true });

    expect(await handshakeStatus(`${app.ocppUrl}/${id}`, { authorization: basic(id, OLD_KEY) })).toBe(401);
    const reconnected = await connectCharger(app, id, { password: NEW_KEY });
    chargers.push(reconnected);
    const boot = (await reconnected.call("BootNotification", { chargePointVendor: "Acme", chargePointModel: "V" })) as {
      status: string;
    };
    expect(boot.status).toBe("Accepted");
  });

  it("with RebootRequired, also becomes the password (the charger uses it after its reboot)", async () => {
    const { id, client } = await station();
    answer(client, "ChangeConfiguration", { status: "RebootRequired" });

    expect((await admin(CHANGE_CONFIGURATION, { cp: id, key: "AuthorizationKey", value: NEW_KEY })).errors).toBe(
      undefined,
    );
    await client.close({ force: true });

    expect(await handshakeStatus(`${app.ocppUrl}/${id}`, { authorization: basic(id, NEW_KEY) })).toBe(101);
    expect(await handshakeStatus(`${app.ocppUrl}/${id}`, { authorization: basic(id, OLD_KEY) })).toBe(401);
  });

  it.each(["Rejected", "NotSupported"])("answered %s, keeps the old password and stores nothing", async (status) => {
    const { id, client } = await station();
    answer(client, "ChangeConfiguration", { status });

    const result = await admin(CHANGE_CONFIGURATION, { cp: id, key: "AuthorizationKey", value: NEW_KEY });
    expect(result.data?.changeConfiguration.status).toBe(status);
    await client.close({ force: true });

    expect(await handshakeStatus(`${app.ocppUrl}/${id}`, { authorization: basic(id, NEW_KEY) })).toBe(401);
    expect(await handshakeStatus(`${app.ocppUrl}/${id}`, { authorization: basic(id, OLD_KEY) })).toBe(101);
    expect((await admin(STATION_CONFIGURATION, { cp: id })).data!.station.configuration).toEqual([]);
  });

  it("is refused, before anything is sent, when the key is not 16 to 40 characters (no station could use it)", async () => {
    const { id, client } = await station();
    const received = answer(client, "ChangeConfiguration", { status: "Accepted" });

    const result = await admin(CHANGE_CONFIGURATION, { cp: id, key: "AuthorizationKey", value: "too-short" });

    expect(errorCodes(result)).toEqual(["BAD_USER_INPUT"]);
    expect(JSON.stringify(result)).not.toContain("too-short");
    expect(received).toEqual([]);
    expect(await handshakeStatus(`${app.ocppUrl}/${id}`, { authorization: basic(id, OLD_KEY) })).toBe(101);
  });

  it("answered with a CALLERROR that echoes the key, reaches neither the caller nor the audit log in clear", async () => {
    const { id, client } = await station();
    client.handle("ChangeConfiguration", ({ params }) => {
      throw createRPCError("GenericError", "could not store", { rejected: params });
    });

    const result = await admin(CHANGE_CONFIGURATION, { cp: id, key: "AuthorizationKey", value: NEW_KEY });

    expect(errorCodes(result)).toEqual(["STATION_CALL_ERROR"]);
    expect(JSON.stringify(result)).not.toContain(NEW_KEY);
    const [reply] = await auditLog(id, "ChangeConfiguration");
    expect(reply).toMatchObject({ messageType: "CALLERROR" });
    expect(JSON.stringify(reply)).not.toContain(NEW_KEY);
    expect(await handshakeStatus(`${app.ocppUrl}/${id}`, { authorization: basic(id, OLD_KEY) })).toBe(101);
  });

  it("needs an admin, like setStationPassword: an operator could otherwise choose a station's password", async () => {
    const { id, client } = await station();
    const received = answer(client, "ChangeConfiguration", { status: "Accepted" });

    const byOperator = await as(operatorKey)(CHANGE_CONFIGURATION, { cp: id, key: "AuthorizationKey", value: NEW_KEY });
    expect(errorCodes(byOperator)).toEqual(["FORBIDDEN"]);
    expect(received).toEqual([]);

    // Other keys stay an operator's business.
    const heartbeat = await as(operatorKey)(CHANGE_CONFIGURATION, { cp: id, key: "HeartbeatInterval", value: "60" });
    expect(heartbeat).toEqual({ data: { changeConfiguration: { status: "Accepted" } } });
  });
});

describe("GetConfiguration answers that carry a secret", () => {
  // The whitepaper says a charger must not report AuthorizationKey's value; one that does must not leak it either.
  const REPORTED = {
    configurationKey: [
      { key: "HeartbeatInterval", value: "300", readonly: false },
      { key: "AuthorizationKey", value: OLD_KEY, readonly: false },
      { key: "vendorsecrettoken", value: VENDOR_SECRET, readonly: true },
    ],
  };
  const EXPECTED = [
    { key: "HeartbeatInterval", value: "300", readonly: false },
    { key: "AuthorizationKey", value: REDACTED, readonly: false },
    { key: "vendorsecrettoken", value: REDACTED, readonly: true },
  ];

  it("are redacted in the mutation's answer, the stored configuration, the audit log and its subscription", async () => {
    const { id, client } = await station();
    const live = await liveAuditLog(id);
    answer(client, "GetConfiguration", REPORTED);

    const result = await admin(GET_CONFIGURATION, { cp: id });

    expect(result.errors).toBeUndefined();
    expect(result.data!.getConfiguration.configurationKey).toEqual(EXPECTED);
    const configuration = (await admin(STATION_CONFIGURATION, { cp: id })).data!.station.configuration;
    expect(configuration).toEqual([
      { key: "AuthorizationKey", value: REDACTED },
      { key: "HeartbeatInterval", value: "300" },
      { key: "vendorsecrettoken", value: REDACTED },
    ]);
    const rows = await app.db.configurationKey.findMany({ where: { chargePointId: id } });
    expect(JSON.stringify(rows)).not.toMatch(new RegExp(`${OLD_KEY}|${VENDOR_SECRET}`));

    const [reply] = await auditLog(id, "GetConfiguration");
    expect(reply).toMatchObject({ direction: "INBOUND", messageType: "CALLRESULT" });
    expect(reply!.payload).toEqual({ configurationKey: EXPECTED });
    expect(reply!.raw).not.toMatch(new RegExp(`${OLD_KEY}|${VENDOR_SECRET}`));
    expect(JSON.parse(reply!.raw)).toEqual([3, expect.any(String), { configurationKey: EXPECTED }]);

    const liveReply = await live.next(
      ({ ocppMessageLogged: frame }) => frame.action === "GetConfiguration" && frame.messageType === "CALLRESULT",
    );
    expect(liveReply.ocppMessageLogged.payload).toEqual({ configurationKey: EXPECTED });
    expect(liveReply.ocppMessageLogged.raw).not.toMatch(new RegExp(`${OLD_KEY}|${VENDOR_SECRET}`));
  });

  it("are redacted even when they arrive too late to answer anything (logged with no action to go by)", async () => {
    const id = uniqueId("SECRET");
    expect((await admin(SET_PASSWORD, { cp: id, password: OLD_KEY })).errors).toBeUndefined();
    const socket = new WebSocket(`${app.ocppUrl}/${id}`, ["ocpp1.6"], {
      headers: { authorization: basic(id, OLD_KEY) },
    });
    sockets.push(socket);
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));

    socket.send(JSON.stringify([3, "no-such-call", REPORTED]));

    const reply = await until(async () => {
      await app.audit.flush();
      const result = await as(viewerKey)(MESSAGES, { cp: id });
      return (result.data!.messages.edges as Array<{ node: Frame }>).find(
        (edge) => edge.node.messageType === "CALLRESULT",
      )?.node;
    }, "the answer is in the audit log");
    expect(reply.action).toBeNull();
    expect(reply.payload).toEqual({ configurationKey: EXPECTED });
    expect(reply.raw).not.toMatch(new RegExp(`${OLD_KEY}|${VENDOR_SECRET}`));
  });
});

describe("frames that cannot be read as OCPP", () => {
  async function rawSocket(id: string) {
    expect((await admin(SET_PASSWORD, { cp: id, password: OLD_KEY })).errors).toBeUndefined();
    const socket = new WebSocket(`${app.ocppUrl}/${id}`, ["ocpp1.6"], {
      headers: { authorization: basic(id, OLD_KEY) },
    });
    sockets.push(socket);
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    return socket;
  }

  async function unreadableFrame(id: string): Promise<Frame> {
    return until(async () => {
      await app.audit.flush();
      const result = await as(viewerKey)(MESSAGES, { cp: id });
      return (result.data!.messages.edges as Array<{ node: Frame }>).find(
        (edge) => edge.node.direction === "INBOUND" && edge.node.messageType === null,
      )?.node;
    }, "the unreadable frame is in the audit log");
  }

  it("keep their raw JSON, with secret values redacted wherever they are", async () => {
    const id = uniqueId("SECRET");
    const socket = await rawSocket(id);
    const request = { key: "AuthorizationKey", value: NEW_KEY };

    // One element too many: valid JSON, but no OCPP frame.
    socket.send(JSON.stringify([2, "bad-1", "ChangeConfiguration", request, { echo: [request] }]));

    const frame = await unreadableFrame(id);
    expect(frame.raw).not.toContain(NEW_KEY);
    const redacted = { key: "AuthorizationKey", value: REDACTED };
    expect(JSON.parse(frame.raw)).toEqual([2, "bad-1", "ChangeConfiguration", redacted, { echo: [redacted] }]);
  });

  it("lose their raw text when it is not even JSON and names a secret key", async () => {
    const id = uniqueId("SECRET");
    const socket = await rawSocket(id);

    socket.send(`[3,"cut-1",{"configurationKey":[{"key":"AuthorizationKey","value":"${NEW_KEY}`);

    expect((await unreadableFrame(id)).raw).toBe(REDACTED);
  });
});

describe("keys listed as secret after their values were stored", () => {
  it("are redacted in the stored configuration when the server starts with them listed", async () => {
    const { id } = await station();
    await app.db.configurationKey.create({ data: { chargePointId: id, key: "LaterSecret", value: VENDOR_SECRET } });

    const restarted = await startTestApp({
      NODE_ENV: "production",
      JWT_SECRET,
      OCPP_SECRET_CONFIGURATION_KEYS: "VendorSecretToken,LaterSecret",
    });
    await restarted.close();

    const row = await app.db.configurationKey.findUnique({
      where: { chargePointId_key: { chargePointId: id, key: "LaterSecret" } },
    });
    expect(row?.value).toBe(REDACTED);
  });
});

describe("the logs", () => {
  it("censor credentials and frame contents, should a log line ever carry them", () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger("info", destination);
    logger.info(
      {
        password: OLD_KEY,
        station: { password: OLD_KEY, AuthorizationKey: NEW_KEY },
        headers: { authorization: basic("CP", OLD_KEY) },
        frame: {
          action: "ChangeConfiguration",
          payload: { key: "AuthorizationKey", value: NEW_KEY },
          raw: JSON.stringify([2, "u1", "ChangeConfiguration", { key: "AuthorizationKey", value: NEW_KEY }]),
        },
      },
      "with credentials",
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(OLD_KEY);
    expect(lines[0]).not.toContain(NEW_KEY);
    expect(lines[0]).not.toContain(basic("CP", OLD_KEY).slice(6));
    expect(JSON.parse(lines[0]!)).toMatchObject({
      password: REDACTED,
      frame: { action: "ChangeConfiguration", payload: REDACTED, raw: REDACTED },
      msg: "with credentials",
    });
  });
});

describe("the migration", () => {
  const serverUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const scratch = `ocpp_central_secrets_migration_${process.pid}`;
  const urlOf = (database: string) => Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
  async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
  afterAll(async () => {
    await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`));
  });

  it("redacts AuthorizationKey values that a database already holds, in the configuration and the audit log", async () => {
    await withClient(serverUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${scratch}"`);
    });
    const directory = new URL("../../../prisma/migrations/", import.meta.url);
    const migrations = (await readdir(directory, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    const redaction = migrations.find((name) => name.endsWith("_redact_secret_configuration"));
    expect(redaction, "a migration named *_redact_secret_configuration").toBeDefined();
    const sqlOf = (name: string) => readFile(new URL(`${name}/migration.sql`, directory), "utf8");

    await withClient(urlOf(scratch), async (client) => {
      // The database as it was before: every earlier migration, and rows written by the earlier code.
      for (const name of migrations.filter((name) => name < redaction!)) await client.query(await sqlOf(name));
      await client.query(`INSERT INTO stations (charge_point_id, updated_at) VALUES ('CP-OLD', now())`);
      await client.query(
        `INSERT INTO configuration_keys (charge_point_id, key, value, readonly, updated_at) VALUES
           ('CP-OLD', 'AuthorizationKey', $1, false, now()),
           ('CP-OLD', 'HeartbeatInterval', '300', false, now())`,
        [OLD_KEY],
      );
      const change = { key: "AuthorizationKey", value: OLD_KEY };
      const report = { configurationKey: [...REPORTED_BEFORE] };
      await client.query(
        `INSERT INTO ocpp_messages (charge_point_id, direction, message_type, unique_id, action, payload, raw) VALUES
           ('CP-OLD', 'OUTBOUND', 'CALL', 'u1', 'ChangeConfiguration', $1, $2),
           ('CP-OLD', 'INBOUND', 'CALLRESULT', 'u2', 'GetConfiguration', $3, $4),
           ('CP-OLD', 'OUTBOUND', 'CALL', 'u3', 'ChangeConfiguration', $5, $6)`,
        [
          change,
          JSON.stringify([2, "u1", "ChangeConfiguration", change]),
          report,
          JSON.stringify([3, "u2", report]),
          { key: "HeartbeatInterval", value: "60" },
          JSON.stringify([2, "u3", "ChangeConfiguration", { key: "HeartbeatInterval", value: "60" }]),
        ],
      );

      await client.query(await sqlOf(redaction!));

      const keys = await client.query(`SELECT key, value FROM configuration_keys ORDER BY key`);
      expect(keys.rows).toEqual([
        { key: "AuthorizationKey", value: REDACTED },
        { key: "HeartbeatInterval", value: "300" },
      ]);
      const messages = await client.query(`SELECT unique_id, payload, raw FROM ocpp_messages ORDER BY unique_id`);
      expect(JSON.stringify(messages.rows)).not.toContain(OLD_KEY);
      const [changed, reported, untouched] = messages.rows as Array<{ payload: unknown; raw: string }>;
      expect(changed!.payload).toEqual({ key: "AuthorizationKey", value: REDACTED });
      expect(JSON.parse(changed!.raw)).toEqual([2, "u1", "ChangeConfiguration", changed!.payload]);
      expect(reported!.payload).toEqual({
        configurationKey: [
          { key: "HeartbeatInterval", value: "300", readonly: false },
          { key: "AuthorizationKey", value: REDACTED, readonly: false },
        ],
      });
      expect(JSON.parse(reported!.raw)).toEqual([3, "u2", reported!.payload]);
      expect(untouched!.raw).toBe(JSON.stringify([2, "u3", "ChangeConfiguration", untouched!.payload]));
    });
  });
});

const REPORTED_BEFORE = [
  { key: "HeartbeatInterval", value: "300", readonly: false },
  { key: "AuthorizationKey", value: OLD_KEY, readonly: false },
];
