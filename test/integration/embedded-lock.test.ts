import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { graphql } from "../helpers/graphql.js";
import { killServers, type Server, startServer } from "../helpers/server-process.js";

// One process owns an embedded database's files. Commands run beside `npm start` on the same DATA_DIR either use
// the running server's database through the address in its lock file (seed, admin:create) or refuse with one
// sentence (db:reset, a second server). Before, a seed beside the server printed success into a second copy of
// PGlite that the server never saw, and its rows were gone after a restart.

const root = fileURLToPath(new URL("../..", import.meta.url));
let dataDir = "";

afterAll(async () => {
  killServers();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function command(script: string, args: string[] = []) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", script, ...args],
      { cwd: root, env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", DATA_DIR: dataDir }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const embeddedServer = () =>
  startServer({ DATABASE_URL: "", DATA_DIR: dataDir, MIGRATE_ON_START: "true" }, { readyTimeoutMs: 90_000 });

async function demoStation(server: Server): Promise<unknown> {
  const body = await graphql(server.graphqlUrl, '{ station(chargePointId: "DEMO-CP01") { chargePointId } }');
  return body.data!.station as unknown;
}

it("seed and admin:create use the running server's embedded database; db:reset and a second server refuse", async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "ocpp-lock-"));
  const server = await embeddedServer();
  const lock = JSON.parse(await readFile(path.join(dataDir, "embedded.lock"), "utf8")) as Record<string, unknown>;
  expect(lock).toMatchObject({ pid: server.child.pid, holder: "npm start" });
  expect(lock.url).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\//);

  const seeded = await command("prisma/seed.ts");
  expect(seeded.stderr).toBe("");
  expect(seeded).toMatchObject({ code: 0, stdout: expect.stringContaining("Demo data created") as unknown });
  expect(await demoStation(server)).toEqual({ chargePointId: "DEMO-CP01" });

  const admin = await command("scripts/admin-create.ts", ["lock-test@example.com"]);
  expect(admin.code).toBe(0);
  expect(admin.stdout).toContain("API key:");

  const reset = await command("scripts/db-reset.ts");
  expect(reset.code).toBe(1);
  expect(reset.stderr.trim()).toBe(
    `db:reset refused: The embedded database in ${dataDir} is in use by another process (pid ${server.child.pid}, ` +
      "npm start): stop it first, or set DATA_DIR to another directory or DATABASE_URL to a PostgreSQL server.",
  );
  expect(await demoStation(server)).toEqual({ chargePointId: "DEMO-CP01" });

  const second = await embeddedServer().then(
    () => "started",
    (error: Error) => error.message,
  );
  expect(second).toContain(`is in use by another process (pid ${server.child.pid}, npm start)`);

  server.child.kill("SIGTERM");
  expect(await server.exited).toEqual({ code: 0, signal: null });
  expect(existsSync(path.join(dataDir, "embedded.lock"))).toBe(false);

  // What the seed wrote beside the server survived the restart; a server killed outright leaves a stale lock,
  // which the next command takes over.
  const restarted = await embeddedServer();
  expect(await demoStation(restarted)).toEqual({ chargePointId: "DEMO-CP01" });
  restarted.child.kill("SIGKILL");
  await restarted.exited;
  const again = await command("prisma/seed.ts");
  expect(again.stderr).toBe("");
  expect(again).toMatchObject({ code: 0, stdout: "Demo data is already there: nothing to do.\n" });
}, 400_000);
