import { SignJWT } from "jose";
import type { RPCClient } from "ocpp-rpc";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp, uniqueId } from "../../helpers/app.js";
import { errorCodes, graphqlAs, subscribe } from "../../helpers/graphql.js";
import { accounts, connectCharger } from "../../helpers/security.js";

// The GraphQL API in production settings: who may call it (JWT login, API keys, roles), who is named in the audit
// log, and the limits that keep one request from hurting the server.

const JWT_SECRET = "j".repeat(40);
const MAX_DEPTH = 6;
const MAX_ALIASES = 20;
const MAX_BATCH = 10;
const MAX_TOKENS = 5000;
const MAX_BODY_BYTES = 64 * 1024;
const ALLOWED_ORIGIN = "https://ops.example.com";
const STATION_PASSWORD = "station-Password-0123";

let app: TestApp;
let people: ReturnType<typeof accounts>;
let admin: Awaited<ReturnType<ReturnType<typeof accounts>["user"]>>;
let operator: typeof admin;
let viewer: typeof admin;
const chargers: RPCClient[] = [];
const probes: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  app = await startTestApp({
    NODE_ENV: "production",
    JWT_SECRET,
    OCPP_ALLOW_UNKNOWN_STATIONS: "false",
    OCPP_SECURITY_PROFILE: "1",
    AUTH_REQUIRED: "true",
    GRAPHQL_MAX_DEPTH: String(MAX_DEPTH),
    GRAPHQL_MAX_ALIASES: String(MAX_ALIASES),
    GRAPHQL_MAX_BATCH: String(MAX_BATCH),
    GRAPHQL_MAX_TOKENS: String(MAX_TOKENS),
    HTTP_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
    CORS_ORIGINS: ALLOWED_ORIGIN,
  });
  people = accounts(app, JWT_SECRET);
  [admin, operator, viewer] = await Promise.all([people.user("admin"), people.user("operator"), people.user("viewer")]);
});
afterEach(async () => {
  await Promise.all(probes.splice(0).map((probe) => probe.close()));
  await Promise.all(chargers.splice(0).map((client) => client.close({ force: true })));
});
afterAll(async () => {
  await app?.close();
});

/**
 * An operation straight to the GraphQL server, in process: what is proved here is the API's own (authentication,
 * roles, limits). Tests of what the HTTP server adds (body limits, headers, CORS, the Authorization header as sent)
 * go to app.graphqlUrl.
 */
const gql = <T = Record<string, any>>(
  credential: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
) => graphqlAs<T>(app.graphqlInProcess, credential, query, variables);

const ME = `{ me { kind name role } }`;
const STATIONS = `{ stations(first: 5) { edges { node { chargePointId connected } } } }`;
const CLEAR_CACHE = `mutation ($cp: String!) { clearCache(chargePointId: $cp) { status } }`;
const CREATE_USER = `mutation ($email: String!) { createUser(email: $email, password: "long enough password", role: viewer) { email } }`;
const UPSERT_ID_TAG = `mutation ($tag: String!) { upsertIdTag(idTag: $tag, status: Accepted) { idTag } }`;
const CREATE_API_KEY = `mutation ($name: String!, $role: Role!) { createApiKey(name: $name, role: $role) { key apiKey { id name role } } }`;
const REVOKE_API_KEY = `mutation ($id: Int!) { revokeApiKey(id: $id) { id revokedAt } }`;
const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token expiresAt user { email role } } }`;
const STATION_UPDATED = `subscription ($cp: String) { stationUpdated(chargePointId: $cp) { chargePointId connected } }`;

/** Refused: the expected error code first, and no data for the refused field. */
function expectRefused(body: { data?: Record<string, any> | null; errors?: unknown[] }, code: string, field?: string) {
  expect(errorCodes(body as never)[0], JSON.stringify(body.errors)).toBe(code);
  if (field) expect(body.data?.[field] ?? null).toBeNull();
  else expect(body.data ?? null).toBeNull();
}

/** The server still answers an ordinary query after whatever came before. */
async function expectStillServing() {
  const result = await gql(viewer.token, ME);
  expect(result.status).toBe(200);
  expect(result.body).toEqual({ data: { me: { kind: "user", name: viewer.email, role: "viewer" } } });
}

/** A registered charger, connected with its password, that accepts ClearCache. */
async function connectedCharger() {
  const chargePointId = uniqueId("GQL");
  const set = await gql(
    admin.token,
    `mutation ($cp: String!, $pw: String!) { setStationPassword(chargePointId: $cp, password: $pw) }`,
    {
      cp: chargePointId,
      pw: STATION_PASSWORD,
    },
  );
  expect(set.body.errors).toBeUndefined();
  const client = await connectCharger(app, chargePointId, { password: STATION_PASSWORD });
  chargers.push(client);
  client.handle("ClearCache", async () => ({ status: "Accepted" }));
  await client.call("BootNotification", { chargePointVendor: "Acme", chargePointModel: "Volt 22" });
  return chargePointId;
}

async function signedToken(
  claims: Record<string, unknown>,
  options: { secret?: string; expiresAt?: number; issuer?: string } = {},
) {
  const user = await app.db.user.findUniqueOrThrow({ where: { email: viewer.email } });
  const jwt = new SignJWT({ email: user.email, role: "admin", ...claims })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(String(user.id))
    .setIssuer(options.issuer ?? "ocpp-central")
    .setIssuedAt(Math.floor(Date.now() / 1000) - 7200);
  if (options.expiresAt !== undefined) jwt.setExpirationTime(options.expiresAt);
  return jwt.sign(new TextEncoder().encode(options.secret ?? JWT_SECRET));
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("authentication with AUTH_REQUIRED=true", () => {
  it("refuses an anonymous query with UNAUTHENTICATED and no data", async () => {
    const result = await gql(undefined, STATIONS);
    expectRefused(result.body, "UNAUTHENTICATED");
    expect(result.body.errors![0]!.message).toMatch(/Authentication required/);
    // `me` is the one field open to everyone: it says nobody is signed in.
    expect((await gql(undefined, ME)).body).toEqual({ data: { me: null } });
  });

  it("refuses an anonymous graphql-ws subscription with UNAUTHENTICATED", async () => {
    const probe = subscribe(app.graphqlUrl, STATION_UPDATED, { cp: null });
    probes.push(probe);
    await probe.settled();
    expect(probe.received).toEqual([]);
    // Either the operation is refused with UNAUTHENTICATED or the socket is refused (4401/4403).
    if (probe.errors.length) expect(probe.errors[0]!.extensions?.code).toBe("UNAUTHENTICATED");
    else expect([4401, 4403]).toContain(probe.closeCode);
  });

  it("signs a user in with the right password and the token then works for queries", async () => {
    const login = await gql(undefined, LOGIN, { email: operator.email, password: operator.password });
    expect(login.body.errors).toBeUndefined();
    const { token, expiresAt, user } = login.body.data!.login;
    expect(user).toEqual({ email: operator.email, role: "operator" });
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    expect((await gql(token, ME)).body).toEqual({
      data: { me: { kind: "user", name: operator.email, role: "operator" } },
    });
    expect((await gql(token, STATIONS)).body.errors).toBeUndefined();
  });

  it("refuses a wrong password, and an unknown email, with UNAUTHENTICATED and no token", async () => {
    for (const [email, password] of [
      [operator.email, "not the password at all"],
      [operator.email, ""],
      [`nobody-${uniqueId()}@example.com`, operator.password],
    ]) {
      const result = await gql(undefined, LOGIN, { email, password });
      expectRefused(result.body, "UNAUTHENTICATED");
      expect(result.body.errors![0]!.message).toBe("Email or password is wrong");
    }
  });

  it.each([
    ["a random string", async () => "not-a-jwt"],
    [
      "a token signed with another secret",
      () => signedToken({}, { secret: "k".repeat(40), expiresAt: Math.floor(Date.now() / 1000) + 600 }),
    ],
    [
      "a token whose role claim was edited after signing",
      async () => {
        const [header, payload, signature] = viewer.token.split(".");
        const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
        return `${header}.${base64url({ ...claims, role: "admin", sub: String(admin.id) })}.${signature}`;
      },
    ],
    [
      "an unsigned token (alg none)",
      async () => {
        const claims = JSON.parse(Buffer.from(viewer.token.split(".")[1]!, "base64url").toString());
        return `${base64url({ alg: "none", typ: "JWT" })}.${base64url({ ...claims, role: "admin" })}.`;
      },
    ],
    ["an expired token", () => signedToken({}, { expiresAt: Math.floor(Date.now() / 1000) - 60 })],
    [
      "a token from another issuer",
      () => signedToken({}, { issuer: "someone-else", expiresAt: Math.floor(Date.now() / 1000) + 600 }),
    ],
  ])("refuses %s with UNAUTHENTICATED", async (_name, makeToken) => {
    const token = await makeToken();
    const result = await gql(token, STATIONS);
    expectRefused(result.body, "UNAUTHENTICATED");
    expect(result.status).toBe(401);
    // Not even the open `me` field answers for a bad credential.
    expectRefused((await gql(token, ME)).body, "UNAUTHENTICATED");
  });

  it("says an expired token has expired", async () => {
    const token = await signedToken({}, { expiresAt: Math.floor(Date.now() / 1000) - 60 });
    expect((await gql(token, ME)).body.errors![0]!.message).toMatch(/expired/i);
  });

  it("refuses an Authorization header that is not 'Bearer <credential>'", async () => {
    for (const authorization of [
      `Basic ${Buffer.from("a:b").toString("base64")}`,
      "Bearer",
      `Token ${viewer.token}`,
      `Bearer ${viewer.token} extra`,
    ]) {
      const result = await graphqlAs(app.graphqlUrl, undefined, STATIONS, {}, { authorization });
      expectRefused(result.body, "UNAUTHENTICATED");
    }
  });

  it("stops accepting a user's token once the user is disabled, and applies a role change at once", async () => {
    const someone = await people.user("admin");
    expect((await gql(someone.token, `{ users { email } }`)).body.errors).toBeUndefined();

    await app.db.user.update({ where: { id: someone.id }, data: { role: "viewer" } });
    expectRefused((await gql(someone.token, `{ users { email } }`)).body, "FORBIDDEN", "users");

    await app.db.user.update({ where: { id: someone.id }, data: { disabledAt: new Date() } });
    expectRefused((await gql(someone.token, STATIONS)).body, "UNAUTHENTICATED");
    expectRefused(
      (await gql(undefined, LOGIN, { email: someone.email, password: someone.password })).body,
      "UNAUTHENTICATED",
    );
  });
});

describe("roles", () => {
  it("lets a viewer read, but refuses it a command to a charger with FORBIDDEN", async () => {
    const chargePointId = await connectedCharger();
    const read = await gql(
      viewer.token,
      `query ($cp: String!) { station(chargePointId: $cp) { chargePointId connected } }`,
      { cp: chargePointId },
    );
    expect(read.body).toEqual({ data: { station: { chargePointId, connected: true } } });

    const command = await gql(viewer.token, CLEAR_CACHE, { cp: chargePointId });
    expectRefused(command.body, "FORBIDDEN");
    expect(command.body.errors![0]!.message).toMatch(/viewer/);
    // Nothing reached the charger.
    await app.audit.flush();
    expect(await app.db.ocppMessage.count({ where: { chargePointId, action: "ClearCache" } })).toBe(0);
    // Admin-only reads are refused too.
    for (const field of ["users", "apiKeys", "pendingStations"]) {
      expectRefused((await gql(viewer.token, `{ ${field} { __typename } }`)).body, "FORBIDDEN", field);
    }
  });

  it("lets an operator command a charger, but refuses createUser, upsertIdTag, createApiKey and closeTransaction with FORBIDDEN", async () => {
    const chargePointId = await connectedCharger();
    expect((await gql(operator.token, CLEAR_CACHE, { cp: chargePointId })).body).toEqual({
      data: { clearCache: { status: "Accepted" } },
    });

    const tag = uniqueId("T").slice(0, 20);
    const email = `made-by-operator-${uniqueId()}@example.com`;
    const refused: Array<[string, string, Record<string, unknown>]> = [
      ["createUser", CREATE_USER, { email }],
      ["upsertIdTag", UPSERT_ID_TAG, { tag }],
      ["createApiKey", CREATE_API_KEY, { name: "operator-made", role: "admin" }],
      ["closeTransaction", `mutation { closeTransaction(transactionId: 1, reason: "stale") { transactionId } }`, {}],
      [
        "setStationPassword",
        `mutation { setStationPassword(chargePointId: "X-${tag}", password: "${STATION_PASSWORD}") }`,
        {},
      ],
    ];
    for (const [field, mutation, variables] of refused) {
      expectRefused((await gql(operator.token, mutation, variables)).body, "FORBIDDEN", field);
    }
    expect(await app.db.user.findUnique({ where: { email } })).toBeNull();
    expect(await app.db.idTag.findUnique({ where: { idTag: tag } })).toBeNull();
  });

  it("lets an admin read and do everything: commands, users, ID tags, API keys", async () => {
    const chargePointId = await connectedCharger();
    expect((await gql(admin.token, CLEAR_CACHE, { cp: chargePointId })).body).toEqual({
      data: { clearCache: { status: "Accepted" } },
    });
    const email = `made-by-admin-${uniqueId()}@example.com`.toLowerCase();
    expect((await gql(admin.token, CREATE_USER, { email })).body).toEqual({ data: { createUser: { email } } });
    const tag = uniqueId("T").slice(0, 20);
    expect((await gql(admin.token, UPSERT_ID_TAG, { tag })).body).toEqual({ data: { upsertIdTag: { idTag: tag } } });
    const key = await gql(admin.token, CREATE_API_KEY, { name: "admin-made", role: "viewer" });
    expect(key.body.errors).toBeUndefined();
    expect(key.body.data!.createApiKey.key).toMatch(/^ocpk_/);
    for (const field of ["users", "apiKeys", "pendingStations"]) {
      expect((await gql(admin.token, `{ ${field} { __typename } }`)).body.errors, field).toBeUndefined();
    }
  });
});

describe("API keys", () => {
  async function createKey(role: "viewer" | "operator" | "admin") {
    const name = `integration-${uniqueId()}`;
    const result = await gql(admin.token, CREATE_API_KEY, { name, role });
    expect(result.body.errors).toBeUndefined();
    const created = result.body.data!.createApiKey as {
      key: string;
      apiKey: { id: number; name: string; role: string };
    };
    expect(created.apiKey).toMatchObject({ name, role });
    return { name, id: created.apiKey.id, key: created.key };
  }

  it("authenticates an API key in the Authorization header with the key's role", async () => {
    const key = await createKey("operator");
    expect((await gql(key.key, ME)).body).toEqual({
      data: { me: { kind: "apiKey", name: key.name, role: "operator" } },
    });
    expectRefused(
      (await gql(key.key, CREATE_USER, { email: `k-${uniqueId()}@example.com` })).body,
      "FORBIDDEN",
      "createUser",
    );
    // Only a prefix of the key is stored in the clear.
    const stored = await app.db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(stored.prefix).toBe(key.key.slice(0, 12));
    expect(JSON.stringify(stored)).not.toContain(key.key);
  });

  it("authenticates an API key sent in graphql-ws connectionParams", async () => {
    const key = await createKey("viewer");
    const chargePointId = uniqueId("WSKEY");
    await gql(
      admin.token,
      `mutation ($cp: String!, $pw: String!) { setStationPassword(chargePointId: $cp, password: $pw) }`,
      {
        cp: chargePointId,
        pw: STATION_PASSWORD,
      },
    );
    const probe = subscribe(
      app.graphqlUrl,
      STATION_UPDATED,
      { cp: chargePointId },
      { Authorization: `Bearer ${key.key}` },
    );
    probes.push(probe);
    await probe.ready;
    chargers.push(await connectCharger(app, chargePointId, { password: STATION_PASSWORD }));
    const event = await probe.next((e) => e.stationUpdated.connected === true);
    expect(event.stationUpdated).toEqual({ chargePointId, connected: true });
    expect(probe.errors).toEqual([]);
  });

  it("refuses a revoked key with UNAUTHENTICATED over HTTP, and refuses its graphql-ws connection", async () => {
    const key = await createKey("admin");
    expect((await gql(key.key, ME)).body.errors).toBeUndefined();
    const revoked = await gql(admin.token, REVOKE_API_KEY, { id: key.id });
    expect(revoked.body.errors).toBeUndefined();
    expect(revoked.body.data!.revokeApiKey.revokedAt).not.toBeNull();

    const result = await gql(key.key, STATIONS);
    expectRefused(result.body, "UNAUTHENTICATED");
    expect(result.body.errors![0]!.message).toMatch(/revoked/);

    const probe = subscribe(app.graphqlUrl, STATION_UPDATED, { cp: null }, { Authorization: `Bearer ${key.key}` });
    probes.push(probe);
    await probe.settled();
    expect(probe.received).toEqual([]);
    expect(probe.closeCode).toBe(4403);
  });

  it("refuses a made-up key and a token in connectionParams that does not verify", async () => {
    const madeUp = `ocpk_${Buffer.alloc(32, 7).toString("base64url")}`;
    expectRefused((await gql(madeUp, STATIONS)).body, "UNAUTHENTICATED");
    for (const credential of [madeUp, "not-a-jwt"]) {
      const probe = subscribe(app.graphqlUrl, STATION_UPDATED, { cp: null }, { Authorization: `Bearer ${credential}` });
      probes.push(probe);
      await probe.settled();
      expect(probe.received).toEqual([]);
      expect(probe.closeCode).toBe(4403);
    }
  });
});

describe("the audit log names who sent each command", () => {
  async function outboundActors(chargePointId: string) {
    await app.audit.flush();
    const rows = await app.db.ocppMessage.findMany({
      where: { chargePointId, direction: "OUTBOUND", messageType: "CALL", action: "ClearCache" },
      select: { actor: true },
      orderBy: { id: "asc" },
    });
    return rows.map((row) => row.actor);
  }

  it("records a signed-in user as actor user:<email> on the OUTBOUND CALL", async () => {
    const chargePointId = await connectedCharger();
    expect((await gql(operator.token, CLEAR_CACHE, { cp: chargePointId })).body.errors).toBeUndefined();
    expect(await outboundActors(chargePointId)).toEqual([`user:${operator.email}`]);
  });

  it("records an API key as actor apiKey:<name>", async () => {
    const chargePointId = await connectedCharger();
    const key = await people.apiKey("operator", `audit-${uniqueId()}`);
    expect((await gql(key.key, CLEAR_CACHE, { cp: chargePointId })).body.errors).toBeUndefined();
    expect((await gql(admin.token, CLEAR_CACHE, { cp: chargePointId })).body.errors).toBeUndefined();
    expect(await outboundActors(chargePointId)).toEqual([`apiKey:${key.name}`, `user:${admin.email}`]);
  });

  it("does not attribute the charger's own CALLs to anyone", async () => {
    const chargePointId = await connectedCharger();
    await app.audit.flush();
    const rows = await app.db.ocppMessage.findMany({ where: { chargePointId }, select: { actor: true } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.actor === null)).toBe(true);
  });
});

describe("limits on abusive requests (the server keeps answering afterwards)", () => {
  it(`refuses a query nested deeper than GRAPHQL_MAX_DEPTH (${MAX_DEPTH})`, async () => {
    const deep = `{ stations { edges { node { transactions { edges { node { meterValues { value } } } } } } } }`;
    const result = await gql(viewer.token, deep);
    expect(result.body.data ?? null).toBeNull();
    expect(result.body.errors!.map((e) => e.message).join("\n")).toMatch(
      new RegExp(`depth limit of ${MAX_DEPTH} exceeded`),
    );
    await expectStillServing();
  });

  it(`refuses an alias bomb with more than GRAPHQL_MAX_ALIASES (${MAX_ALIASES}) aliases`, async () => {
    const aliases = Array.from(
      { length: 200 },
      (_, i) => `a${i}: stations(first: 500) { edges { node { chargePointId } } }`,
    );
    const result = await gql(viewer.token, `{ ${aliases.join(" ")} }`);
    expect(result.body.data ?? null).toBeNull();
    expect(result.body.errors![0]!.message).toMatch(new RegExp(`Aliases limit of ${MAX_ALIASES} exceeded`));
    // Right at the limit is fine.
    const atLimit = Array.from({ length: MAX_ALIASES }, (_, i) => `a${i}: me { kind }`);
    expect((await gql(viewer.token, `{ ${atLimit.join(" ")} }`)).body.errors).toBeUndefined();
    await expectStillServing();
  });

  it(`refuses a batch of more than GRAPHQL_MAX_BATCH (${MAX_BATCH}) operations with 413`, async () => {
    const batch = (size: number) =>
      fetch(app.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${viewer.token}` },
        body: JSON.stringify(Array.from({ length: size }, () => ({ query: ME }))),
      });
    const tooMany = await batch(MAX_BATCH + 1);
    expect(tooMany.status).toBe(413);
    const body = (await tooMany.json()) as { errors?: Array<{ message: string }> };
    expect(body.errors?.[0]?.message).toBe(`Batching is limited to ${MAX_BATCH} operations per request.`);

    const allowed = await batch(MAX_BATCH);
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as unknown[]).length).toBe(MAX_BATCH);
    await expectStillServing();
  });

  it(`refuses a query of more than GRAPHQL_MAX_TOKENS (${MAX_TOKENS}) tokens`, async () => {
    const huge = `{ me { ${"kind ".repeat(MAX_TOKENS + 100)} } }`;
    expect(Buffer.byteLength(huge)).toBeLessThan(MAX_BODY_BYTES);
    const result = await gql(viewer.token, huge);
    expect(result.body.data ?? null).toBeNull();
    expect(result.body.errors![0]!.message).toMatch(new RegExp(`Token limit of ${MAX_TOKENS} exceeded`));
    await expectStillServing();
  });

  it(`refuses a body over HTTP_MAX_BODY_BYTES (${MAX_BODY_BYTES}) with 413 before reading it`, async () => {
    const response = await fetch(app.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${viewer.token}` },
      body: JSON.stringify({ query: ME, variables: { padding: "x".repeat(MAX_BODY_BYTES) } }),
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toBe(`Request body over ${MAX_BODY_BYTES} bytes`);
    await expectStillServing();
  });

  it("refuses a streamed body without Content-Length with 411", async () => {
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify({ query: ME })));
        controller.close();
      },
    });
    const response = await fetch(app.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${viewer.token}` },
      body: chunks,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(411);
    await expectStillServing();
  });

  /** 620 audit log rows for a fresh identity: more than one capped page. */
  async function manyMessages() {
    const chargePointId = uniqueId("MANY");
    await app.db.ocppMessage.createMany({
      data: Array.from({ length: 620 }, (_, i) => ({
        chargePointId,
        direction: "INBOUND" as const,
        messageType: "CALL" as const,
        uniqueId: `m-${i}`,
        action: "Heartbeat",
        payload: {},
        raw: `[2,"m-${i}","Heartbeat",{}]`,
      })),
    });
    return chargePointId;
  }

  it("refuses `first: 100000` written into the query with the cost limit (GRAPHQL_MAX_COST, QUERY_TOO_COMPLEX)", async () => {
    const chargePointId = await manyMessages();
    const result = await gql(
      viewer.token,
      `query ($cp: String!) { messages(chargePointId: $cp, first: 100000) { edges { node { uniqueId } } } }`,
      {
        cp: chargePointId,
      },
    );
    expect(result.body.data ?? null).toBeNull();
    expect(result.body.errors![0]!.message).toMatch(/over the limit of 50000/);
    expect(result.body.errors![0]!.extensions!.code).toBe("QUERY_TOO_COMPLEX");
    await expectStillServing();
  });

  it("refuses `first: 100000` passed as a variable just the same, while pages of 500 work and page on", async () => {
    const chargePointId = await manyMessages();
    const PAGE = `query ($cp: String!, $first: Int, $after: String) {
      messages(chargePointId: $cp, first: $first, after: $after) { edges { node { uniqueId } } pageInfo { hasNextPage endCursor } }
    }`;
    const huge = await gql(viewer.token, PAGE, { cp: chargePointId, first: 100000 });
    expect(huge.body.data ?? null).toBeNull();
    expect(huge.body.errors![0]!.extensions!.code).toBe("QUERY_TOO_COMPLEX");

    const first = await gql(viewer.token, PAGE, { cp: chargePointId, first: 500 });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.messages.edges).toHaveLength(500);
    expect(first.body.data!.messages.pageInfo.hasNextPage).toBe(true);

    const after = first.body.data!.messages.pageInfo.endCursor;
    const second = await gql(viewer.token, PAGE, { cp: chargePointId, first: 500, after });
    expect(second.body.data!.messages.edges).toHaveLength(120);
    expect(second.body.data!.messages.pageInfo.hasNextPage).toBe(false);

    const negative = await gql(viewer.token, PAGE, { cp: chargePointId, first: -1 });
    expect(negative.body.data ?? null).toBeNull();
    expect(negative.body.errors![0]!.message).toMatch(/non-negative/);
    await expectStillServing();
  });

  it("applies the cost limit to page sizes passed as variables, as it does to literal ones", async () => {
    // The default depth limit (12) admits 500 stations × 500 transactions each × all their meter values.
    const other = await startTestApp({ NODE_ENV: "production", JWT_SECRET, AUTH_REQUIRED: "true" });
    try {
      const { token } = await accounts(other, JWT_SECRET).user("viewer");
      const nested = (first: string) => `query ${first.startsWith("$") ? "($first: Int)" : ""} {
        stations(first: ${first}) { edges { node { transactions(first: ${first}) { edges { node { meterValues { value } } } } } } }
      }`;
      // The literal form is refused by the cost limit...
      const literal = await graphqlAs(other.graphqlInProcess, token, nested("500"));
      expect(literal.body.errors?.[0]?.message).toMatch(/over the limit of 50000/);
      // ...and the same request with the page size in a variable must be refused too.
      const variable = await graphqlAs(other.graphqlInProcess, token, nested("$first"), { first: 500 });
      expect(
        variable.body.errors?.[0]?.message ?? "no error: the query ran",
        "a page size in a variable bypasses GRAPHQL_MAX_COST",
      ).toMatch(/over the limit of 50000/);
    } finally {
      await other.close();
    }
    await expectStillServing();
  });
});

describe("production hardening", () => {
  it("refuses introspection, even to an admin", async () => {
    for (const query of [`{ __schema { types { name } } }`, `{ __type(name: "Query") { fields { name } } }`]) {
      const result = await gql(admin.token, query);
      expect(result.body.data ?? null).toBeNull();
      expect(result.body.errors![0]!.message).toMatch(/introspection/i);
    }
  });

  it("does not suggest field names in errors", async () => {
    const result = await gql(admin.token, `{ station { chargePointI } usrs { email } }`);
    expect(result.body.errors!.length).toBeGreaterThan(0);
    expect(JSON.stringify(result.body.errors)).not.toMatch(/Did you mean/);
  });

  it("does not serve GraphiQL", async () => {
    const response = await fetch(app.graphqlUrl, { headers: { accept: "text/html" } });
    const text = await response.text();
    expect(response.headers.get("content-type") ?? "").not.toMatch(/text\/html/);
    expect(text).not.toMatch(/graphiql/i);
  });

  it("sends security headers on the API and on /health", async () => {
    const responses = [
      await fetch(app.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: ME }),
      }),
      await fetch(app.graphqlUrl.replace("/graphql", "/health")),
    ];
    for (const response of responses) {
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      // Plain HTTP: no HSTS (it is sent over TLS, see security-chargers.test.ts).
      expect(response.headers.get("strict-transport-security")).toBeNull();
    }
  });

  const preflight = (origin: string, url = app.graphqlUrl) =>
    fetch(url, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      },
    });

  it(`allows a CORS preflight from CORS_ORIGINS (${ALLOWED_ORIGIN})`, async () => {
    const response = await preflight(ALLOWED_ORIGIN);
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(response.headers.get("access-control-allow-methods")).toMatch(/POST/);
    expect(response.headers.get("access-control-allow-headers")).toMatch(/authorization/i);
  });

  it("does not allow a CORS request from any other origin", async () => {
    for (const origin of ["https://evil.example.com", "https://ops.example.com.evil.example", "null"]) {
      for (const response of [
        await preflight(origin),
        await fetch(app.graphqlUrl, {
          method: "POST",
          headers: { origin, "content-type": "application/json" },
          body: JSON.stringify({ query: ME }),
        }),
      ]) {
        // Browsers only let a page read the answer when this header names the page's origin (or is "*").
        const allowed = response.headers.get("access-control-allow-origin");
        expect([null, ALLOWED_ORIGIN], `${origin}: Access-Control-Allow-Origin ${allowed}`).toContain(allowed);
      }
    }
  });

  it("does not allow the opaque origin null when several CORS_ORIGINS are configured", async () => {
    const other = await startTestApp({
      NODE_ENV: "production",
      JWT_SECRET,
      AUTH_REQUIRED: "true",
      CORS_ORIGINS: `${ALLOWED_ORIGIN}, https://admin.example.com`,
    });
    try {
      const allowedResponse = await preflight("https://admin.example.com", other.graphqlUrl);
      expect(allowedResponse.headers.get("access-control-allow-origin")).toBe("https://admin.example.com");
      for (const origin of ["https://evil.example.com", "null"]) {
        const response = await preflight(origin, other.graphqlUrl);
        const allowed = response.headers.get("access-control-allow-origin");
        const credentials = response.headers.get("access-control-allow-credentials");
        // A sandboxed iframe or a data: URL sends `Origin: null`; answering "null" (with credentials) lets it in.
        expect(
          allowed,
          `Origin ${origin} got Access-Control-Allow-Origin ${allowed}, -Credentials ${credentials}`,
        ).not.toBe("null");
        expect([null, ALLOWED_ORIGIN, "https://admin.example.com"]).toContain(allowed);
      }
    } finally {
      await other.close();
    }
  });
});
