import { randomUUID } from "node:crypto";
import { type Client, createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { TokenService } from "../../../src/auth/tokens.js";
import { startTestApp, type TestApp, uniqueId } from "../../helpers/app.js";
import { type GraphQLResponse, graphqlAs, subscribe } from "../../helpers/graphql.js";
import { ownDatabase } from "../../helpers/own-database.js";
import { accounts, attemptHandshake, basic } from "../../helpers/security.js";
import { until } from "../../helpers/until.js";

// Credentials that die while a graphql-ws socket is open, limits that parallel requests must not beat, the
// subscription cap and the bounded pending-station list (docs/api-access.md). Two instances share Redis, so that a
// revocation on one closes the sockets on the other.

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const JWT_SECRET = "s".repeat(40);
const MAX_SUBSCRIPTIONS = 3;
const PRODUCTION = {
  NODE_ENV: "production",
  JWT_SECRET,
  AUTH_REQUIRED: "true",
  OCPP_ALLOW_UNKNOWN_STATIONS: "false",
  OCPP_SECURITY_PROFILE: "1",
  // Every client here is on loopback; X-Forwarded-For stands for the address each one comes from.
  TRUST_PROXY: "loopback",
};
const STATION_UPDATED = `subscription { stationUpdated { chargePointId } }`;
const ME = `{ me { kind name role } }`;

let a: TestApp;
let b: TestApp;
let people: ReturnType<typeof accounts>;
let adminToken: string;

beforeAll(async () => {
  const cluster = {
    ...PRODUCTION,
    REDIS_URL,
    REDIS_KEY_PREFIX: `test-${randomUUID().slice(0, 8)}:`,
    REDIS_OWNERSHIP_TTL_SECONDS: "3600",
    GRAPHQL_MAX_SUBSCRIPTIONS_PER_SOCKET: String(MAX_SUBSCRIPTIONS),
  };
  [a, b] = await Promise.all([startTestApp(cluster), startTestApp(cluster)]);
  people = accounts(a, JWT_SECRET);
  adminToken = (await people.user("admin")).token;
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

const asAdmin = (query: string, variables: Record<string, unknown> = {}) =>
  graphqlAs(a.graphqlInProcess, adminToken, query, variables);

/** A subscription on instance B authenticated with this credential, acknowledged and streaming. */
async function openSubscription(credential: string) {
  const probe = subscribe(b.graphqlUrl, STATION_UPDATED, {}, { Authorization: `Bearer ${credential}` });
  await probe.ready;
  return probe;
}

/** A graphql-ws client that runs operations one by one over one socket and records how the socket closed. */
function socketClient(app: TestApp, credential: string) {
  const closed: { code?: number } = {};
  const client: Client = createClient({
    url: app.graphqlUrl.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams: { Authorization: `Bearer ${credential}` },
    onNonLazyError: () => undefined,
    on: { closed: (event) => (closed.code = (event as { code: number }).code) },
  });
  const run = (query: string, variables: Record<string, unknown> = {}) =>
    new Promise<GraphQLResponse>((resolve) => {
      let result: GraphQLResponse = {};
      client.subscribe(
        { query, variables },
        {
          next: (value) => (result = value as GraphQLResponse),
          error: (error) =>
            resolve({
              errors: Array.isArray(error) ? error : [{ message: String((error as Error).message ?? error) }],
            }),
          complete: () => resolve(result),
        },
      );
    });
  return { client, closed, run };
}

describe("graphql-ws sockets whose credential dies", () => {
  it("closes a revoked API key's socket on another instance with 4403 and ends its subscription", async () => {
    const key = await people.apiKey("operator");
    const probe = await openSubscription(key.key);
    try {
      const revoked = await asAdmin(`mutation ($id: Int!) { revokeApiKey(id: $id) { id } }`, { id: key.id });
      expect(revoked.body.errors).toBeUndefined();
      await until(() => probe.closeCode !== undefined, "the socket closes");
      expect(probe.closeCode).toBe(4403);
    } finally {
      await probe.close();
    }
  });

  it("closes a user's sockets with 4403 when an admin changes their role, disables them or deletes them", async () => {
    const changes: Array<[string, string]> = [
      ["role", `mutation ($id: Int!) { updateUser(id: $id, role: viewer) { role } }`],
      ["disabled", `mutation ($id: Int!) { updateUser(id: $id, disabled: true) { disabledAt } }`],
      ["deleted", `mutation ($id: Int!) { deleteUser(id: $id) }`],
    ];
    for (const [change, mutation] of changes) {
      const user = await people.user("operator");
      const probe = await openSubscription(user.token);
      try {
        const result = await asAdmin(mutation, { id: user.id });
        expect(result.body.errors, change).toBeUndefined();
        await until(() => probe.closeCode !== undefined, `the socket closes after ${change}`);
        expect(probe.closeCode, change).toBe(4403);
      } finally {
        await probe.close();
      }
    }
  });

  it("checks the credential again for every operation: a key revoked behind the server's back runs nothing more", async () => {
    const key = await people.apiKey("operator");
    const socket = socketClient(b, key.key);
    try {
      expect((await socket.run(ME)).data).toEqual({ me: { kind: "apiKey", name: key.name, role: "operator" } });
      // Straight in the database: no event announces it, only the check on the next operation can see it.
      await a.db.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
      const tag = uniqueId("T").slice(0, 20);
      const result = await socket.run(
        `mutation ($tag: String!) { upsertIdTag(idTag: $tag, status: Accepted) { idTag } }`,
        {
          tag,
        },
      );
      expect(result.data?.upsertIdTag ?? null).toBeNull();
      expect(await a.db.idTag.findUnique({ where: { idTag: tag } })).toBeNull();
      await until(() => socket.closed.code !== undefined, "the socket closes");
      expect(socket.closed.code).toBe(4403);
    } finally {
      await socket.client.dispose();
    }
  });

  it("uses a role lowered behind the server's back for the next operation over the same socket", async () => {
    const user = await people.user("admin");
    const socket = socketClient(a, user.token);
    try {
      expect((await socket.run(`{ users { email } }`)).errors).toBeUndefined();
      await a.db.user.update({ where: { id: user.id }, data: { role: "viewer" } });
      const result = await socket.run(`{ users { email } }`);
      expect(result.data?.users ?? null).toBeNull();
      expect(result.errors?.length).toBeGreaterThan(0);
    } finally {
      await socket.client.dispose();
    }
  });

  it("closes a socket with 4401 when its login token expires, not before", async () => {
    const user = await people.user("viewer");
    // Whole seconds: a JWT's exp has no finer resolution. Long enough that connecting under load beats it.
    const { token, expiresAt } = await new TokenService(JWT_SECRET, 4).issue({
      userId: user.id,
      email: user.email,
      role: "viewer",
    });
    const probe = await openSubscription(token);
    try {
      await until(() => probe.closeCode !== undefined, "the socket closes", 15_000);
      expect(probe.closeCode).toBe(4401);
      expect(Date.now()).toBeGreaterThanOrEqual(Math.floor(expiresAt.getTime() / 1000) * 1000);
    } finally {
      await probe.close();
    }
  });
});

describe(`subscriptions per socket (GRAPHQL_MAX_SUBSCRIPTIONS_PER_SOCKET=${MAX_SUBSCRIPTIONS})`, () => {
  it("refuses subscriptions beyond the cap with TOO_MANY_SUBSCRIPTIONS, even sent all at once, and takes one again after another ends", async () => {
    const user = await people.user("viewer");
    const socket = socketClient(a, user.token);
    const outcomes: Array<"streaming" | string> = [];
    const disposers: Array<() => void> = [];
    try {
      for (let i = 0; i < MAX_SUBSCRIPTIONS + 4; i++) {
        disposers.push(
          socket.client.subscribe(
            { query: STATION_UPDATED },
            {
              next: () => undefined,
              error: (error) =>
                outcomes.push(
                  Array.isArray(error) ? String(error[0]?.extensions?.code) : `closed ${JSON.stringify(error)}`,
                ),
              complete: () => undefined,
            },
          ),
        );
      }
      await until(() => outcomes.length === 4, "four subscriptions refused");
      expect(outcomes).toEqual(Array(4).fill("TOO_MANY_SUBSCRIPTIONS"));

      // Ending one makes room for one more.
      disposers[0]!();
      const more: string[] = [];
      await until(async () => {
        const dispose = socket.client.subscribe(
          { query: STATION_UPDATED },
          {
            next: () => undefined,
            error: (error) => more.push(Array.isArray(error) ? String(error[0]?.extensions?.code) : "closed"),
            complete: () => undefined,
          },
        );
        // A refusal comes back at once; no refusal within a query's round trip means it is streaming.
        await socket.run(ME);
        if (more.length === 0) return true;
        dispose();
        more.length = 0;
        return false;
      }, "a subscription is accepted again");
      expect(socket.closed.code).toBeUndefined();
    } finally {
      await socket.client.dispose();
    }
  });
});

describe("limits that parallel attempts must not beat", () => {
  const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;
  // Over HTTP: the address a sign-in counts against comes from the request's socket and X-Forwarded-For.
  const login = (email: string, password: string, address: string) =>
    graphqlAs(a.graphqlUrl, undefined, LOGIN, { email, password }, { "x-forwarded-for": address });
  const checked = (results: Array<Awaited<ReturnType<typeof login>>>) =>
    results.filter((result) => result.body.errors?.[0]?.message === "Email or password is wrong").length;

  it("checks at most 10 of 40 parallel wrong passwords for one email", async () => {
    const user = await people.user("viewer");
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(user.email, `wrong password ${i}`, `198.51.100.${i + 1}`)),
    );
    expect(checked(results)).toBeLessThanOrEqual(10);
    expect(results.every((result) => result.body.data?.login == null)).toBe(true);
    expect(results.some((result) => /Too many failed sign-ins/.test(result.body.errors?.[0]?.message ?? ""))).toBe(
      true,
    );
  });

  it("checks at most 30 of 60 parallel sign-ins for different emails from one address", async () => {
    const address = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => login(`nobody-${i}-${randomUUID()}@example.com`, "some password", address)),
    );
    expect(checked(results)).toBeLessThanOrEqual(30);
    // Another address is not affected.
    const user = await people.user("viewer");
    expect((await login(user.email, user.password, "192.0.2.77")).body.errors).toBeUndefined();
  });

  it("checks at most OCPP_AUTH_FAILURES_PER_MINUTE (5) of 60 parallel password guesses for one charger spread over two instances", async () => {
    const identity = uniqueId("GUESS");
    const set = await asAdmin(
      `mutation ($id: String!) { setStationPassword(chargePointId: $id, password: "right-Password-012345") }`,
      {
        id: identity,
      },
    );
    expect(set.body.errors).toBeUndefined();
    const statuses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        attemptHandshake(`${(i % 2 ? a : b).ocppUrl}/${identity}`, {
          authorization: basic(identity, `wrong-Password-${String(i).padStart(6, "0")}`),
          headers: { "x-forwarded-for": `198.18.${i}.1` },
        }).then((outcome) => outcome.status),
      ),
    );
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(55);
  });

  it("lists at most OCPP_AUTH_FAILURES_PER_MINUTE (5) of 60 parallel unknown identities from one address", async () => {
    const address = `198.19.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
    const identities = Array.from({ length: 60 }, () => uniqueId("FLOOD"));
    const statuses = await Promise.all(
      identities.map((identity, i) =>
        attemptHandshake(`${(i % 2 ? a : b).ocppUrl}/${identity}`, { headers: { "x-forwarded-for": address } }).then(
          (outcome) => outcome.status,
        ),
      ),
    );
    expect(statuses.filter((status) => status === 404).length).toBeLessThanOrEqual(5);
    expect(await a.db.pendingStation.count({ where: { remoteAddress: address } })).toBeLessThanOrEqual(5);
  });
});

describe("the pending-station list is bounded and paginated", () => {
  const database = ownDatabase("ocpp_pending_bounds");
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    await database.create({ migrated: true });
    app = await startTestApp({
      ...PRODUCTION,
      DATABASE_URL: database.url,
      OCPP_AUTH_FAILURES_PER_MINUTE: "1000",
      OCPP_PENDING_STATIONS_PER_ADDRESS: "4",
      OCPP_PENDING_STATIONS_MAX: "10",
    });
    token = (await accounts(app, JWT_SECRET).user("admin")).token;
  });
  afterAll(async () => {
    await app?.close();
    await database.drop();
  });

  const knock = (identity: string, address: string) =>
    attemptHandshake(`${app.ocppUrl}/${identity}`, { headers: { "x-forwarded-for": address } }).then(
      (outcome) => outcome.status,
    );

  it("keeps an address's newest OCPP_PENDING_STATIONS_PER_ADDRESS identities, and at most OCPP_PENDING_STATIONS_MAX in all", async () => {
    const fromOne = Array.from({ length: 12 }, (_, i) => `ONE-${String(i).padStart(2, "0")}`);
    // In parallel first: the bound holds however the handshakes interleave.
    expect(await Promise.all(fromOne.map((identity) => knock(identity, "192.0.2.1")))).toEqual(fromOne.map(() => 404));
    expect(await app.db.pendingStation.count({ where: { remoteAddress: "192.0.2.1" } })).toBe(4);
    // One by one, the newest stay.
    for (const identity of ["ONE-LATE-1", "ONE-LATE-2"]) expect(await knock(identity, "192.0.2.1")).toBe(404);
    const kept = await app.db.pendingStation.findMany({ where: { remoteAddress: "192.0.2.1" } });
    expect(kept.map((row) => row.chargePointId)).toEqual(expect.arrayContaining(["ONE-LATE-1", "ONE-LATE-2"]));
    expect(kept).toHaveLength(4);

    const spread = Array.from({ length: 12 }, (_, i) => `MANY-${i}`);
    const statuses = await Promise.all(spread.map((identity, i) => knock(identity, `192.0.2.${100 + i}`)));
    expect(statuses).toEqual(spread.map(() => 404));
    expect(await app.db.pendingStation.count()).toBe(10);
  });

  it("pages pendingStations with first/after", async () => {
    const PAGE = `query ($after: String) { pendingStations(first: 3, after: $after) { edges { node { chargePointId } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { body: GraphQLResponse } = await graphqlAs(app.graphqlInProcess, token, PAGE, { after });
      expect(page.body.errors).toBeUndefined();
      const { edges, pageInfo } = page.body.data!.pendingStations as {
        edges: Array<{ node: { chargePointId: string } }>;
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
      expect(edges.length).toBeLessThanOrEqual(3);
      seen.push(...edges.map((edge) => edge.node.chargePointId));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen.length).toBeGreaterThan(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await app.db.pendingStation.count());
  });
});
