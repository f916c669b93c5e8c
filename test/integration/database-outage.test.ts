import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startBlackholeProxy } from "../helpers/blackhole-proxy.js";
import { graphql } from "../helpers/graphql.js";
import { killServers, type Server, startServer } from "../helpers/server-process.js";
import { bootChargePoint, uniqueId } from "../helpers/app.js";
import { ownDatabase } from "../helpers/own-database.js";
import { until } from "../helpers/until.js";

// A database of its own: a server process marks every station of its database disconnected when it starts.
const database = ownDatabase("ocpp_outage_test");
beforeAll(() => database.create({ migrated: true }));
afterAll(() => database.drop());

// The database goes silent (no RST, no FIN: a dead network path) under a real server process. Nothing may hang for
// good: /health, API calls and SIGTERM all answer within their bounds, and the server recovers by itself.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  killServers();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function serverBehindProxy(environment: Record<string, string> = {}) {
  const proxy = await startBlackholeProxy({ host: "127.0.0.1", port: Number(new URL(database.url).port) });
  cleanups.push(() => proxy.close());
  const server = await startServer({
    DATABASE_URL: proxy.urlFor(database.url),
    DATABASE_CONNECT_TIMEOUT_MS: "1000",
    DATABASE_STATEMENT_TIMEOUT_MS: "1000",
    ...environment,
  });
  return { proxy, server };
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

const health = (server: Server) =>
  fetch(`http://127.0.0.1:${server.httpPort}/health`).then(async (response) => ({
    status: response.status,
    body: (await response.json()) as unknown,
  }));

const stationsQuery = (server: Server) => graphql(server.graphqlUrl, "{ stations(first: 1) { edges { cursor } } }");

async function bootedCharger(server: Server) {
  const client = await bootChargePoint(server, uniqueId("OUTAGE"));
  client.on("error", () => {});
  cleanups.push(() => client.close({ force: true }).then(() => undefined));
  return client;
}

describe("a database that goes silent", () => {
  it("gets /health 503 within a second, fails API calls in bounded time, and recovers by itself", async () => {
    const { proxy, server } = await serverBehindProxy();
    expect(await health(server)).toEqual({ status: 200, body: { status: "ok", database: "up" } });
    expect((await stationsQuery(server)).errors).toBeUndefined();

    proxy.blackhole();
    for (let attempt = 0; attempt < 3; attempt++) {
      const { result, ms } = await timed(() => health(server));
      expect(result).toEqual({ status: 503, body: { status: "degraded", database: "down" } });
      expect(ms).toBeLessThan(1000);
    }
    const { result: failed, ms: failedMs } = await timed(() => stationsQuery(server));
    expect(failed.errors?.[0]?.extensions?.code).toBe("DATABASE_UNAVAILABLE");
    expect(failed.errors?.[0]?.message).toMatch(/database/i);
    // Connect timeout (1 s) or statement bound (1 s + 2 s margin), whichever the call met first.
    expect(failedMs).toBeLessThan(5000);

    proxy.restore();
    // While the database is away a request may fail outright: that is "not yet".
    await until(
      () =>
        health(server).then(
          (response) => response.status === 200,
          () => false,
        ),
      "/health is 200",
      15_000,
    );
    await until(
      () =>
        stationsQuery(server).then(
          (result) => result.errors === undefined,
          () => false,
        ),
      "GraphQL answers without errors",
      15_000,
    );
  }, 60_000);
});

describe("SIGTERM while the database is silent", () => {
  it("exits within SHUTDOWN_TIMEOUT_MS", async () => {
    const { proxy, server } = await serverBehindProxy({ SHUTDOWN_TIMEOUT_MS: "3000" });
    await bootedCharger(server);
    proxy.blackhole();
    // A call stuck on the database while the server stops.
    void stationsQuery(server).catch(() => {});

    const { result: exit, ms } = await timed(async () => {
      server.child.kill("SIGTERM");
      return server.exited;
    });
    expect(ms).toBeLessThan(5000);
    expect(exit.code).not.toBeNull();
  }, 60_000);

  it("exits at once on a second signal", async () => {
    const { proxy, server } = await serverBehindProxy({ SHUTDOWN_TIMEOUT_MS: "120000" });
    await bootedCharger(server);
    proxy.blackhole();
    server.child.kill("SIGTERM");
    await until(() => server.logs.some((entry) => entry.msg === "Shutting down"), "the server logs its shutdown", 5000);

    const { result: exit, ms } = await timed(async () => {
      server.child.kill("SIGINT");
      return server.exited;
    });
    expect(ms).toBeLessThan(1000);
    expect(exit).toEqual({ code: 1, signal: null });
    expect(server.logs.map((entry) => entry.msg)).toContain("Second signal while shutting down: exiting now");
  }, 60_000);
});
