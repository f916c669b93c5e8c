import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "../helpers/graphql.js";
import { ownDatabase } from "../helpers/own-database.js";
import { connectChargePoint } from "../helpers/app.js";
import { killServers, type Server, startServer } from "../helpers/server-process.js";
import { until } from "../helpers/until.js";

// Two real server processes sharing PostgreSQL and Redis. Instance A is killed outright (SIGKILL: no shutdown hook
// runs, its ownership keys are simply no longer refreshed): B must mark A's chargers disconnected within a bounded
// time, and the chargers, reconnecting to B, must be connected and commandable there.

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const OWNERSHIP_TTL_SECONDS = 2;

let a: Server;
let b: Server;
// A database of its own: the instances sweep every station marked connected that their deployment does not hold,
// and the other test files' stations (on other Redis prefixes, or none) would look orphaned to them.
const database = ownDatabase("ocpp_cluster_test");

let environment: { DATABASE_URL: string } & Record<string, string>;

beforeAll(async () => {
  await database.create({ migrated: true });
  environment = {
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_KEY_PREFIX: `test-${randomUUID().slice(0, 8)}:`,
    REDIS_OWNERSHIP_TTL_SECONDS: String(OWNERSHIP_TTL_SECONDS),
  };
  [a, b] = await Promise.all([startServer(environment), startServer(environment)]);
}, 60_000);
afterAll(async () => {
  killServers();
  await database.drop();
});

async function connect(server: Server, identity: string) {
  const client = await connectChargePoint(server, identity);
  client.handle("TriggerMessage", async () => ({ status: "Accepted" }));
  await client.call("BootNotification", { chargePointVendor: "Acme", chargePointModel: "Volt 22" });
  return client;
}

/** Each station's `connected` as instance `server` answers it, in one query with an alias per station. */
async function connectedFlags(server: Server, ids: string[]): Promise<boolean[]> {
  const fields = ids.map((_, i) => `s${i}: station(chargePointId: $id${i}) { connected }`).join(" ");
  const variables = Object.fromEntries(ids.map((id, i) => [`id${i}`, id]));
  const declarations = ids.map((_, i) => `$id${i}: String!`).join(", ");
  const result = await graphql(server.graphqlUrl, `query (${declarations}) { ${fields} }`, variables);
  const stations = result.data as Record<string, { connected: boolean }>;
  return ids.map((_, i) => stations[`s${i}`]!.connected);
}

describe("two server processes behind a load balancer, one of them killed", () => {
  it("marks the killed instance's chargers disconnected within the ownership TTL and serves them on B once they reconnect", async () => {
    const ids = Array.from({ length: 5 }, (_, i) => `KILL-${randomUUID().slice(0, 6)}-${i}`);
    const onA = await Promise.all(ids.map((id) => connect(a, id)));
    const keptId = `KEEP-${randomUUID().slice(0, 6)}`;
    const onB = await connect(b, keptId);
    expect(await connectedFlags(b, ids)).toEqual(ids.map(() => true));

    a.child.kill("SIGKILL");
    await a.exited;
    for (const client of onA) await client.close({ force: true }).catch(() => {});

    // Ownership expires after the TTL; B sweeps every TTL/2. Allow a little over both.
    const bound = OWNERSHIP_TTL_SECONDS * 1000 * 1.5 + 2000;
    await until(
      async () => !(await connectedFlags(b, ids)).some(Boolean),
      "B marks the lost instance's chargers disconnected",
      bound,
    );
    // The charger B holds is not touched by the sweep.
    expect(await connectedFlags(b, [keptId])).toEqual([true]);

    // The chargers come back through the load balancer, now to B, and take commands there.
    const back = await Promise.all(ids.map((id) => connect(b, id)));
    expect(await connectedFlags(b, ids)).toEqual(ids.map(() => true));
    const command = await graphql(
      b.graphqlUrl,
      `
        mutation ($id: String!) {
          triggerMessage(chargePointId: $id, requestedMessage: Heartbeat) {
            status
          }
        }
      `,
      { id: ids[0] },
    );
    expect(command.data?.triggerMessage.status).toBe("Accepted");
    // Still connected after several more sweeps: they are held now. A wait is the only way to show a sweep did NOT
    // mark them, and it must outlast the TTL.
    await delay(OWNERSHIP_TTL_SECONDS * 1000 * 1.5);
    expect(await connectedFlags(b, ids)).toEqual(ids.map(() => true));

    for (const client of [...back, onB]) await client.close();
  });

  it("answers a command for a charger whose instance crashed with STATION_NOT_CONNECTED at once, not after the call timeout", async () => {
    // A third instance whose ownership keys outlive it by a minute: the charger still looks held when it dies.
    const c = await startServer({ ...environment, REDIS_OWNERSHIP_TTL_SECONDS: "60" });
    const id = `CRASH-${randomUUID().slice(0, 6)}`;
    const charger = await connect(c, id);
    c.child.kill("SIGKILL");
    await c.exited;
    await charger.close({ force: true }).catch(() => {});

    const startedAt = performance.now();
    const answer = await Promise.race([
      graphql(
        b.graphqlUrl,
        `
          mutation ($id: String!) {
            triggerMessage(chargePointId: $id, requestedMessage: Heartbeat) {
              status
            }
          }
        `,
        { id },
      ),
      delay(5000).then(() => ({ errors: [{ message: "no answer within 5 s", extensions: { code: "none" } }] })),
    ]);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: "STATION_NOT_CONNECTED" });
    // OCPP_CALL_TIMEOUT_MS is 30 s here: a routed call waited 2 × that + 5 s for a holder that is gone.
    expect(performance.now() - startedAt).toBeLessThan(5000);
  }, 60_000);
});
