import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import type { IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import type { RPCClient } from "ocpp-rpc";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config.js";
import { startTestApp, type TestApp, uniqueId } from "../../helpers/app.js";
import { errorCodes, graphqlAs, subscribe } from "../../helpers/graphql.js";
import { openRawSocket } from "../../helpers/raw-socket.js";
import { until } from "../../helpers/until.js";
import {
  accounts,
  attemptHandshake,
  basic,
  type Certificate,
  connectCharger,
  handshakeStatus,
  selfSignedCertificate,
} from "../../helpers/security.js";

// Who may connect as a charge point: the station registry, HTTP Basic (OCPP security profiles 1 and 2), the limit on
// failed handshakes, TLS, the identity in the URL, and the per-connection message rate. Every server here runs with
// production settings; each block has its own server so that one block's failed handshakes cannot lock out another's.

const JWT_SECRET = "x".repeat(40);
const PRODUCTION = {
  NODE_ENV: "production",
  JWT_SECRET,
  OCPP_ALLOW_UNKNOWN_STATIONS: "false",
  OCPP_SECURITY_PROFILE: "1",
  AUTH_REQUIRED: "true",
};
const PASSWORD = "s3cret-Password-0123"; // 20 characters, URL-safe
const OTHER_PASSWORD = "another-Password-4567";

const chargers: RPCClient[] = [];
afterEach(async () => {
  await Promise.all(chargers.splice(0).map((client) => client.close({ force: true })));
});

/** A server, with an admin API key for its GraphQL API. */
async function startServer(environment: Record<string, string>) {
  const app = await startTestApp({ ...PRODUCTION, ...environment });
  const adminKey = (await accounts(app, JWT_SECRET).apiKey("admin")).key;
  const admin = <T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}) =>
    graphqlAs<T>(app.graphqlUrl, adminKey, query, variables);
  return { app, admin, adminKey };
}

const SET_PASSWORD = `mutation ($id: String!, $password: String) { setStationPassword(chargePointId: $id, password: $password) }`;
const PENDING = `{ pendingStations(first: 500) { edges { node { chargePointId remoteAddress attempts firstSeenAt lastSeenAt } } } }`;
const pendingList = (data: Record<string, any> | undefined): Array<Record<string, any>> =>
  data!.pendingStations.edges.map((edge: { node: Record<string, any> }) => edge.node);
const APPROVE = `mutation ($id: String!) { approveStation(chargePointId: $id) { chargePointId } }`;
const DISMISS = `mutation ($id: String!) { dismissPendingStation(chargePointId: $id) }`;

async function charger(app: TestApp, identity: string, options: Parameters<typeof connectCharger>[2] = {}) {
  const client = await connectCharger(app, identity, options);
  chargers.push(client);
  return client;
}

async function expectWorking(client: RPCClient) {
  const boot = (await client.call("BootNotification", { chargePointVendor: "Acme", chargePointModel: "Volt 22" })) as {
    status: string;
  };
  expect(boot.status).toBe("Accepted");
}

describe("failed handshakes across the instances of a cluster (REDIS_URL)", () => {
  it("counts failures on every instance together: failing on A locks the identity out on B too", async () => {
    const shared = {
      REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
      REDIS_KEY_PREFIX: `test-${randomUUID().slice(0, 8)}:`,
      REDIS_OWNERSHIP_TTL_SECONDS: "3600",
      OCPP_AUTH_FAILURES_PER_MINUTE: "3",
    };
    const a = await startServer(shared);
    const b = await startServer(shared);
    try {
      const identity = uniqueId("CLUSTERLOCK");
      expect((await a.admin(SET_PASSWORD, { id: identity, password: PASSWORD })).body.errors).toBeUndefined();
      const attempt = (app: TestApp, password: string, localAddress: string) =>
        handshakeStatus(`${app.ocppUrl}/${identity}`, { localAddress, authorization: basic(identity, password) });

      expect(await attempt(a.app, OTHER_PASSWORD, "127.0.0.5")).toBe(401);
      expect(await attempt(b.app, OTHER_PASSWORD, "127.0.0.6")).toBe(401);
      expect(await attempt(a.app, OTHER_PASSWORD, "127.0.0.7")).toBe(401);
      // Three failures in all, though neither instance saw three: the right password now waits, on both.
      expect(await attempt(b.app, PASSWORD, "127.0.0.8")).toBe(429);
      expect(await attempt(a.app, PASSWORD, "127.0.0.8")).toBe(429);
    } finally {
      await a.app.close();
      await b.app.close();
    }
  });
});

describe("behind a load balancer (TRUST_PROXY)", () => {
  const FORWARDED = { "x-forwarded-for": "203.0.113.7" };

  it.each([
    ["takes the charger's address from X-Forwarded-For when the peer is a trusted proxy", "loopback", "203.0.113.7"],
    ["ignores X-Forwarded-For from a peer it does not trust", "10.0.0.0/8", "127.0.0.1"],
  ])("%s", async (_title, trustProxy, expectedAddress) => {
    const { app, admin } = await startServer({ OCPP_SECURITY_PROFILE: "0", TRUST_PROXY: trustProxy });
    try {
      const identity = uniqueId("PROXIED");
      expect(await handshakeStatus(`${app.ocppUrl}/${identity}`, { headers: FORWARDED })).toBe(404);
      const pending = pendingList((await admin(PENDING)).body.data);
      expect(pending.find((entry) => entry.chargePointId === identity)).toMatchObject({
        remoteAddress: expectedAddress,
      });
    } finally {
      await app.close();
    }
  });

  it("refuses a TRUST_PROXY that is not an address, range or proxy-addr name", () => {
    expect(() => loadConfig({ TRUST_PROXY: "loopback, not-an-address" })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: "loopback, not-an-address" })).toThrow(/TRUST_PROXY/);
  });
});

describe("the station registry (OCPP_ALLOW_UNKNOWN_STATIONS=false, security profile 0)", () => {
  let app: TestApp;
  let admin: Awaited<ReturnType<typeof startServer>>["admin"];
  let adminKey: string;

  beforeAll(async () => {
    ({ app, admin, adminKey } = await startServer({
      OCPP_SECURITY_PROFILE: "0",
      OCPP_AUTH_FAILURES_PER_MINUTE: "100",
    }));
  });
  afterAll(async () => {
    await app?.close();
  });

  const pendingEntry = async (identity: string) => {
    const result = await admin(PENDING);
    expect(result.body.errors).toBeUndefined();
    return pendingList(result.body.data).find((p) => p.chargePointId === identity);
  };

  it("refuses an unknown identity at the handshake with HTTP 404 and lists it in pendingStations, counting attempts", async () => {
    const identity = uniqueId("UNKNOWN");
    const refusal = await attemptHandshake(`${app.ocppUrl}/${identity}`);
    expect(refusal).toMatchObject({ status: 404 });
    // A real charger library sees the same refusal.
    await expect(connectCharger(app, identity)).rejects.toMatchObject({ code: 404 });
    expect(await handshakeStatus(`${app.ocppUrl}/${identity}`)).toBe(404);

    const pending = await pendingEntry(identity);
    expect(pending).toMatchObject({ chargePointId: identity, remoteAddress: "127.0.0.1", attempts: 3 });
    expect(Date.parse(pending!.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(pending!.firstSeenAt));
    expect(await app.db.station.findUnique({ where: { chargePointId: identity } })).toBeNull();
  });

  it("shows pendingStations to admins only: an operator gets FORBIDDEN, an anonymous caller UNAUTHENTICATED", async () => {
    const operatorKey = (await accounts(app, JWT_SECRET).apiKey("operator")).key;
    const asOperator = await graphqlAs(app.graphqlUrl, operatorKey, PENDING);
    expect(errorCodes(asOperator.body)).toEqual(["FORBIDDEN"]);
    expect(asOperator.body.data?.pendingStations).toBeUndefined();
    const anonymous = await graphqlAs(app.graphqlUrl, undefined, PENDING);
    expect(errorCodes(anonymous.body)).toEqual(["UNAUTHENTICATED"]);
    expect(anonymous.body.data?.pendingStations).toBeUndefined();
  });

  it("lets an identity connect once an admin approves it, and takes it off pendingStations", async () => {
    const identity = uniqueId("APPROVE");
    expect(await handshakeStatus(`${app.ocppUrl}/${identity}`)).toBe(404);
    expect(await pendingEntry(identity)).toBeDefined();

    const approved = await admin(APPROVE, { id: identity });
    expect(approved.body.errors).toBeUndefined();
    expect(approved.body.data!.approveStation).toEqual({ chargePointId: identity });
    expect(await pendingEntry(identity)).toBeUndefined();

    await expectWorking(await charger(app, identity));
  });

  /** stationUpdated events of one station, as an admin receives them. */
  const stationUpdates = (identity: string) =>
    subscribe(
      app.graphqlUrl,
      `subscription ($cp: String!) { stationUpdated(chargePointId: $cp) { chargePointId connected } }`,
      { cp: identity },
      { Authorization: `Bearer ${adminKey}` },
    );

  it("publishes an approved station, and a station whose password an admin set", async () => {
    const identity = uniqueId("PUBLISHED");
    const updates = stationUpdates(identity);
    try {
      await updates.ready;
      expect((await admin(APPROVE, { id: identity })).body.errors).toBeUndefined();
      expect(await updates.next()).toEqual({ stationUpdated: { chargePointId: identity, connected: false } });

      expect((await admin(SET_PASSWORD, { id: identity, password: PASSWORD })).body.errors).toBeUndefined();
      expect(await updates.next()).toEqual({ stationUpdated: { chargePointId: identity, connected: false } });
    } finally {
      await updates.close();
    }
  });

  it("removes a pending identity with dismissPendingStation without registering it", async () => {
    const identity = uniqueId("DISMISS");
    expect(await handshakeStatus(`${app.ocppUrl}/${identity}`)).toBe(404);
    expect(await handshakeStatus(`${app.ocppUrl}/${identity}`)).toBe(404);
    expect((await pendingEntry(identity))?.attempts).toBe(2);

    const dismissed = await admin(DISMISS, { id: identity });
    expect(dismissed.body).toEqual({ data: { dismissPendingStation: true } });
    expect(await pendingEntry(identity)).toBeUndefined();
    // Nothing left to dismiss the second time.
    expect((await admin(DISMISS, { id: identity })).body).toEqual({ data: { dismissPendingStation: false } });

    // Still unknown: refused again, and listed afresh with its attempts counted from one.
    expect(await handshakeStatus(`${app.ocppUrl}/${identity}`)).toBe(404);
    expect((await pendingEntry(identity))?.attempts).toBe(1);
  });

  it("lets only admins approve or dismiss stations", async () => {
    const identity = uniqueId("NOTYOURS");
    expect(await handshakeStatus(`${app.ocppUrl}/${identity}`)).toBe(404);
    const operatorKey = (await accounts(app, JWT_SECRET).apiKey("operator")).key;
    for (const mutation of [APPROVE, DISMISS]) {
      const result = await graphqlAs(app.graphqlUrl, operatorKey, mutation, { id: identity });
      expect(errorCodes(result.body)).toEqual(["FORBIDDEN"]);
    }
    expect(await pendingEntry(identity)).toBeDefined();
    expect(await handshakeStatus(`${app.ocppUrl}/${identity}`)).toBe(404);
  });
});

describe("security profile 1: chargers authenticate with HTTP Basic", () => {
  let app: TestApp;
  let admin: Awaited<ReturnType<typeof startServer>>["admin"];

  beforeAll(async () => {
    ({ app, admin } = await startServer({ OCPP_AUTH_FAILURES_PER_MINUTE: "100" }));
  });
  afterAll(async () => {
    await app?.close();
  });

  async function registered(password = PASSWORD) {
    const identity = uniqueId("BASIC");
    const result = await admin(SET_PASSWORD, { id: identity, password });
    expect(result.body).toEqual({ data: { setStationPassword: true } });
    return identity;
  }

  it("accepts setStationPassword with 16 to 40 characters and refuses shorter or longer ones with BAD_USER_INPUT", async () => {
    const identity = uniqueId("PWLEN");
    for (const password of ["a".repeat(16), "b".repeat(40)]) {
      expect((await admin(SET_PASSWORD, { id: identity, password })).body).toEqual({
        data: { setStationPassword: true },
      });
    }
    for (const password of ["", "c".repeat(15), "d".repeat(41)]) {
      const result = await admin(SET_PASSWORD, { id: identity, password });
      expect(errorCodes(result.body), `password of ${password.length} characters`).toEqual(["BAD_USER_INPUT"]);
      expect(result.body.errors![0]!.message).toMatch(/16 to 40 characters/);
    }
    // The last accepted password is still the one in force, and the station was registered by setting it.
    await expectWorking(await charger(app, identity, { password: "b".repeat(40) }));
  });

  it("lets only admins set a station password", async () => {
    const identity = uniqueId("PWADMIN");
    const keys = accounts(app, JWT_SECRET);
    for (const role of ["viewer", "operator"] as const) {
      const result = await graphqlAs(app.graphqlUrl, (await keys.apiKey(role)).key, SET_PASSWORD, {
        id: identity,
        password: PASSWORD,
      });
      expect(errorCodes(result.body), role).toEqual(["FORBIDDEN"]);
    }
    const anonymous = await graphqlAs(app.graphqlUrl, undefined, SET_PASSWORD, { id: identity, password: PASSWORD });
    expect(errorCodes(anonymous.body)).toEqual(["UNAUTHENTICATED"]);
    expect(await app.db.station.findUnique({ where: { chargePointId: identity } })).toBeNull();
  });

  it("connects a charger that presents its identity and password with HTTP Basic", async () => {
    const identity = await registered();
    const client = await charger(app, identity, { password: PASSWORD });
    await expectWorking(client);
    // A reconnect with the same password works too (the verified password is remembered, not re-hashed).
    await client.close();
    await expectWorking(await charger(app, identity, { password: PASSWORD }));
  });

  it("refuses a wrong password, a wrong username and missing credentials with HTTP 401 and a WWW-Authenticate challenge", async () => {
    const identity = await registered();
    const url = `${app.ocppUrl}/${identity}`;
    const attempts: Record<string, string | undefined> = {
      "a wrong password": basic(identity, OTHER_PASSWORD),
      "another station's username with the right password": basic(uniqueId("BASIC"), PASSWORD),
      "no credentials": undefined,
      "an empty password": basic(identity, ""),
      "a Bearer token instead of Basic": `Bearer ${PASSWORD}`,
      "Basic with garbage instead of base64": "Basic !!!not-base64!!!",
      "Basic without a colon": `Basic ${Buffer.from(`${identity}${PASSWORD}`).toString("base64")}`,
    };
    for (const [name, authorization] of Object.entries(attempts)) {
      const outcome = await attemptHandshake(url, { authorization });
      expect(outcome.status, name).toBe(401);
      expect("headers" in outcome && outcome.headers["www-authenticate"], name).toMatch(/^Basic realm="OCPP"/);
    }
    await expect(connectCharger(app, identity, { password: OTHER_PASSWORD })).rejects.toMatchObject({ code: 401 });
    await expect(connectCharger(app, identity)).rejects.toMatchObject({ code: 401 });
    // The right password still works: failures below the limit do not lock the station out.
    await expectWorking(await charger(app, identity, { password: PASSWORD }));
  });

  it("stops accepting the old password as soon as an admin changes it, and every password once it is cleared", async () => {
    const identity = await registered();
    // Connect once, so the server has verified (and remembered) the old password.
    (await charger(app, identity, { password: PASSWORD })).close();

    expect((await admin(SET_PASSWORD, { id: identity, password: OTHER_PASSWORD })).body.errors).toBeUndefined();
    expect(await handshakeStatus(`${app.ocppUrl}/${identity}`, { authorization: basic(identity, PASSWORD) })).toBe(401);
    await expectWorking(await charger(app, identity, { password: OTHER_PASSWORD }));

    expect((await admin(SET_PASSWORD, { id: identity, password: null })).body).toEqual({
      data: { setStationPassword: true },
    });
    for (const password of [PASSWORD, OTHER_PASSWORD, ""]) {
      expect(await handshakeStatus(`${app.ocppUrl}/${identity}`, { authorization: basic(identity, password) })).toBe(
        401,
      );
    }
    expect(await handshakeStatus(`${app.ocppUrl}/${identity}`)).toBe(401);
  });

  it("refuses an approved station that has no password yet with 401", async () => {
    const identity = uniqueId("NOPASS");
    expect((await admin(APPROVE, { id: identity })).body.errors).toBeUndefined();
    expect(await handshakeStatus(`${app.ocppUrl}/${identity}`)).toBe(401);
    expect(await handshakeStatus(`${app.ocppUrl}/${identity}`, { authorization: basic(identity, PASSWORD) })).toBe(401);
  });

  it("refuses an unknown identity with 404 even when it sends credentials", async () => {
    const identity = uniqueId("STRANGER");
    expect(await handshakeStatus(`${app.ocppUrl}/${identity}`, { authorization: basic(identity, PASSWORD) })).toBe(404);
  });
});

describe("the limit on failed handshakes (OCPP_AUTH_FAILURES_PER_MINUTE=3)", () => {
  // Each case uses its own loopback source addresses, so the per-address limit of one case cannot leak into another.
  let app: TestApp;
  let admin: Awaited<ReturnType<typeof startServer>>["admin"];

  beforeAll(async () => {
    ({ app, admin } = await startServer({ OCPP_AUTH_FAILURES_PER_MINUTE: "3" }));
  });
  afterAll(async () => {
    await app?.close();
  });

  async function registered(prefix: string) {
    const identity = uniqueId(prefix);
    expect((await admin(SET_PASSWORD, { id: identity, password: PASSWORD })).body.errors).toBeUndefined();
    return identity;
  }
  const attempt = (identity: string, password: string | undefined, localAddress: string) =>
    handshakeStatus(`${app.ocppUrl}/${identity}`, {
      localAddress,
      authorization: password === undefined ? undefined : basic(identity, password),
    });

  it("locks an identity out after 3 failures: even the right password then gets 429, from any address", async () => {
    const locked = await registered("LOCKID");
    const bystander = await registered("LOCKID");
    for (let i = 0; i < 3; i++) expect(await attempt(locked, OTHER_PASSWORD, "127.0.0.2")).toBe(401);

    const refusal = await attemptHandshake(`${app.ocppUrl}/${locked}`, {
      localAddress: "127.0.0.3",
      authorization: basic(locked, PASSWORD),
    });
    expect(refusal).toMatchObject({ status: 429, body: expect.stringMatching(/too many failed attempts/i) });
    await expect(connectCharger(app, locked, { password: PASSWORD, localAddress: "127.0.0.3" })).rejects.toMatchObject({
      code: 429,
    });
    // The lockout is the identity's: another station from that fresh address still connects.
    await expectWorking(await charger(app, bystander, { password: PASSWORD, localAddress: "127.0.0.3" }));
  });

  it("locks an address out after 3 failures: a different identity from it gets 429, other addresses still connect", async () => {
    const [first, second, third, fourth] = await Promise.all(
      ["A", "B", "C", "D"].map((x) => registered(`LOCKADDR${x}`)),
    );
    // One failure each: no identity reaches its own limit, but the address does.
    for (const identity of [first!, second!, third!])
      expect(await attempt(identity, OTHER_PASSWORD, "127.0.0.4")).toBe(401);

    expect(await attempt(fourth!, PASSWORD, "127.0.0.4")).toBe(429);
    expect(await attempt(first!, PASSWORD, "127.0.0.4")).toBe(429);
    // From another address the same stations are fine.
    await expectWorking(await charger(app, fourth!, { password: PASSWORD, localAddress: "127.0.0.5" }));
    await expectWorking(await charger(app, first!, { password: PASSWORD, localAddress: "127.0.0.5" }));
  });

  it("counts probes for unknown identities against the address", async () => {
    const known = await registered("PROBED");
    for (let i = 0; i < 3; i++) expect(await attempt(uniqueId("PROBE"), undefined, "127.0.0.6")).toBe(404);
    expect(await attempt(known, PASSWORD, "127.0.0.6")).toBe(429);
    expect(await attempt(uniqueId("PROBE"), undefined, "127.0.0.6")).toBe(429);
    await expectWorking(await charger(app, known, { password: PASSWORD, localAddress: "127.0.0.7" }));
  });
});

describe("security profile 2: chargers connect over TLS (wss://)", () => {
  let certificate: Certificate;
  let app: TestApp;
  let adminKey: string;
  let ocppTlsUrl: string;

  beforeAll(async () => {
    certificate = await selfSignedCertificate();
    app = await startTestApp({
      ...PRODUCTION,
      OCPP_SECURITY_PROFILE: "2",
      OCPP_TLS_CERT: certificate.certPath,
      OCPP_TLS_KEY: certificate.keyPath,
      TLS_CERT: certificate.certPath,
      TLS_KEY: certificate.keyPath,
      OCPP_AUTH_FAILURES_PER_MINUTE: "100",
    });
    adminKey = (await accounts(app, JWT_SECRET).apiKey("admin")).key;
    ocppTlsUrl = `wss://127.0.0.1:${app.ocppPort}`;
  });
  afterAll(async () => {
    await app?.close();
    await certificate?.remove();
  });

  /** A request to the API port over https, trusting our certificate (fetch cannot be given a CA). */
  const overHttps = (
    path: string,
    options: { method?: string; body?: string; headers?: Record<string, string> } = {},
  ) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; text: string }>((resolve, reject) => {
      const request = httpsRequest(
        `https://127.0.0.1:${app.httpPort}${path}`,
        {
          method: options.method ?? "GET",
          ca: certificate.cert,
          headers: {
            ...(options.body !== undefined ? { "content-length": String(Buffer.byteLength(options.body)) } : {}),
            ...options.headers,
          },
        },
        (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => (text += chunk));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
        },
      );
      request.on("error", reject);
      request.end(options.body);
    });

  async function registeredOverHttps() {
    const identity = uniqueId("TLS");
    const response = await overHttps("/graphql", {
      method: "POST",
      body: JSON.stringify({ query: SET_PASSWORD, variables: { id: identity, password: PASSWORD } }),
      headers: { "content-type": "application/json", authorization: `Bearer ${adminKey}` },
    });
    expect(JSON.parse(response.text)).toEqual({ data: { setStationPassword: true } });
    return identity;
  }

  it("connects a charger that sends HTTP Basic over wss:// and trusts the server's certificate", async () => {
    const identity = await registeredOverHttps();
    await expectWorking(
      await charger(app, identity, { password: PASSWORD, ca: certificate.cert, endpoint: ocppTlsUrl }),
    );
    // HTTP Basic is still required inside TLS.
    const wrong = { ca: certificate.cert, authorization: basic(identity, OTHER_PASSWORD) };
    expect(await handshakeStatus(`${ocppTlsUrl}/${identity}`, wrong)).toBe(401);
    expect(await handshakeStatus(`${ocppTlsUrl}/${identity}`, { ca: certificate.cert })).toBe(401);
  });

  it("serves /health over https with Strict-Transport-Security", async () => {
    const health = await overHttps("/health");
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ status: "ok", database: "up" });
    expect(health.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
    expect(health.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("refuses a plain ws:// handshake on the TLS port, and a wss:// client that does not trust the certificate", async () => {
    const identity = await registeredOverHttps();
    const authorization = basic(identity, PASSWORD);
    const plain = await attemptHandshake(`ws://127.0.0.1:${app.ocppPort}/${identity}`, { authorization });
    expect(plain.status).not.toBe(101);
    const untrusting = await attemptHandshake(`${ocppTlsUrl}/${identity}`, { authorization });
    expect(untrusting.status).toBe("error");
    expect(untrusting.status === "error" && untrusting.error.message).toMatch(/self[- ]signed|certificate/i);
    // Plain http to the API port gets no answer either.
    await expect(fetch(`http://127.0.0.1:${app.httpPort}/health`)).rejects.toThrow();
  });

  it("refuses to start in profile 2 without a certificate", () => {
    expect(() => loadConfig({ NODE_ENV: "production", JWT_SECRET, OCPP_SECURITY_PROFILE: "2" })).toThrow(ConfigError);
    expect(() => loadConfig({ OCPP_SECURITY_PROFILE: "2", OCPP_TLS_CERT: certificate.certPath })).toThrow(
      /set together/,
    );
  });
});

describe("the charge point identity in the URL", () => {
  let app: TestApp;

  beforeAll(async () => {
    ({ app } = await startServer({ OCPP_AUTH_FAILURES_PER_MINUTE: "100" }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it.each([
    ["an encoded slash", "CP%2F001"],
    ["an encoded dot-dot path", "..%2F..%2Fadmin"],
    ["a space", "CP%20001"],
    ["a NUL byte", "CP%00001"],
    ["broken percent-encoding", "CP%E0%A4%A"],
    ["49 characters", "A".repeat(49)],
    ["a non-ASCII character", "CP%C3%A9"],
  ])("refuses an identity with %s with HTTP 400", async (_name, segment) => {
    const refusal = await attemptHandshake(`${app.ocppUrl}/${segment}`, { authorization: basic("CP", PASSWORD) });
    expect(refusal).toMatchObject({ status: 400, body: expect.stringMatching(/valid charge point identity/) });
  });

  it("lets a 48-character identity through to the registry check (404 for an unknown one)", async () => {
    expect(await handshakeStatus(`${app.ocppUrl}/${"A".repeat(47)}B`)).toBe(404);
  });
});

describe("the message rate of one charger (OCPP_MAX_MESSAGES_PER_SECOND=5)", () => {
  // The bucket holds 2 × 5 = 10 tokens: a fresh connection gets 10 CALLs answered at once, then 5 a second; more than
  // 100 CALLs waiting for their turn is flooding, and closes the connection with 1008.
  const RATE = 5;
  const BURST = 2 * RATE;
  let app: TestApp;
  let admin: Awaited<ReturnType<typeof startServer>>["admin"];

  beforeAll(async () => {
    ({ app, admin } = await startServer({
      OCPP_MAX_MESSAGES_PER_SECOND: String(RATE),
      OCPP_AUTH_FAILURES_PER_MINUTE: "100",
    }));
  });
  afterAll(async () => {
    await app?.close();
  });

  async function registered(prefix: string) {
    const identity = uniqueId(prefix);
    expect((await admin(SET_PASSWORD, { id: identity, password: PASSWORD })).body.errors).toBeUndefined();
    return identity;
  }

  /** A raw-WebSocket charger with Basic credentials in the URL, keeping the answer to each unique id. */
  async function rawCharger(prefix: string) {
    const identity = await registered(prefix);
    const socket = await openRawSocket(`ws://${identity}:${PASSWORD}@127.0.0.1:${app.ocppPort}/${identity}`);
    const answers = new Map<string, unknown[]>();
    socket.socket.on("message", (data) => {
      const frame = JSON.parse(data.toString()) as unknown[];
      answers.set(String(frame[1]), frame);
    });
    return { identity, ...socket, answers };
  }

  it("closes a charger that blasts 300 Heartbeats with 1008 while another charger keeps getting answers", async () => {
    const polite = await charger(app, await registered("POLITE"), { password: PASSWORD });
    await expectWorking(polite);

    const flooder = await rawCharger("FLOOD");
    for (let i = 0; i < 300; i++) flooder.socket.send(`[2,"flood-${i}","Heartbeat",{}]`);

    // Meanwhile the polite charger sends a Heartbeat every 250 ms, well within its message rate (its pace, not a wait
    // of the test), and is answered each time.
    const answered: number[] = [];
    for (let i = 0; i < 8; i++) {
      const started = performance.now();
      const heartbeat = (await polite.call("Heartbeat", {})) as { currentTime: string };
      expect(Number.isNaN(Date.parse(heartbeat.currentTime))).toBe(false);
      answered.push(performance.now() - started);
      await delay(250);
    }
    const closed = await Promise.race([flooder.closed, delay(5000).then(() => "not closed within 5 s")]);
    expect(closed).toEqual({ code: 1008, reason: "Message rate exceeded" });
    // The flooder got about one burst answered before it was cut off: the 300 frames arrive within milliseconds.
    expect(flooder.answers.size).toBeLessThanOrEqual(2 * BURST);
    expect(Math.max(...answered)).toBeLessThan(2000);
    expect(app.ocpp.get(flooder.identity)).toBeUndefined();
  });

  it("throttles a charger that sends 20 Heartbeats at once: all are answered, the 10 beyond the burst at 5 a second", async () => {
    const hasty = await rawCharger("HASTY");
    const count = 20;
    const started = performance.now();
    for (let i = 0; i < count; i++) hasty.socket.send(`[2,"hasty-${i}","Heartbeat",{}]`);
    await until(() => hasty.answers.size >= count, "every Heartbeat is answered");
    const elapsed = performance.now() - started;

    expect([...hasty.answers.keys()].sort()).toEqual(Array.from({ length: count }, (_, i) => `hasty-${i}`).sort());
    for (const frame of hasty.answers.values()) expect(frame[0]).toBe(3);
    // (20 - 10) / 5 per second = 2 s at least; a little slack for timer granularity.
    expect(elapsed).toBeGreaterThan(((count - BURST) / RATE) * 1000 * 0.9);
    expect(elapsed).toBeLessThan(6000);
    hasty.close();
  });
});
