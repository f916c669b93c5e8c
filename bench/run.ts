// `npm run bench`: our server (full persistence) against a bare ocpp-rpc server, same load, same run, loopback only.
// Prints calls/s, round-trip p50/p99, memory per connection, audit rows vs frames, command and fan-out latency.
// Options: --quick (smaller, ~1 min), --startup (also start-up with 100k stations and 10M audit rows; adds minutes),
// --storm (only the StartTransaction and StopTransaction storms, bench/storm.ts), --flood (only the flood scenario of bench/flood.ts),
// --steady N (only the steady load, N rounds on fresh servers, with the server's CPU time per call),
// --ocpp201 (only the OCPP 2.0.1 closed loop: Heartbeat, StatusNotification, TransactionEvent Updated),
// --closed-loops (only the 1.6 and 2.0.1 closed loops, each on fresh servers, to compare their shares of the reference).
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { createClient } from "graphql-ws";
import pg from "pg";
import WebSocket from "ws";
import { applyPendingMigrations } from "../src/db/migrate.js";
import { floodScenario } from "./flood.js";
import {
  type Charger,
  closedLoop,
  connectChargers,
  mixedCalls,
  ocpp201Calls,
  openLoop,
  percentile,
  startTransactions201,
} from "./load.js";
import { transactionStorm } from "./storm.js";

const { values: options } = parseArgs({
  options: {
    quick: { type: "boolean" },
    startup: { type: "boolean" },
    storm: { type: "boolean" },
    flood: { type: "boolean" },
    steady: { type: "string" },
    "closed-loops": { type: "boolean" },
    ocpp201: { type: "boolean" },
  },
});
const scale = options.quick
  ? { throughputChargers: 500, seconds: 5, steadyChargers: 1000, idleChargers: 2000, idleSeconds: 10, commands: 200 }
  : {
      throughputChargers: 1000,
      seconds: 10,
      steadyChargers: 5000,
      idleChargers: 10_000,
      idleSeconds: 20,
      commands: 1000,
    };

const serverUrl = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const databaseUrl = (() => {
  const url = new URL(serverUrl);
  url.pathname = "/ocpp_central_bench";
  return url.toString();
})();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rows: Array<Record<string, string>> = [];
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "-");
const report = (scenario: string, target: string, figures: Record<string, string>) => {
  rows.push({ scenario, target, ...figures });
  console.log(
    `  ${scenario} / ${target}: ${Object.entries(figures)
      .map(([k, v]) => `${k}=${v}`)
      .join("  ")}`,
  );
};

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

type Memory = { rss: number; heapUsed: number; external: number; arrayBuffers: number };

function measureCpuMicros(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      const { cpuMicros } = message as { cpuMicros?: number };
      if (cpuMicros === undefined) return;
      child.off("message", onMessage);
      resolve(cpuMicros);
    };
    child.on("message", onMessage);
    child.send("measure-cpu");
  });
}

/**
 * CPU time (µs) every PostgreSQL process on this machine has used, or undefined when none can be read (a remote
 * database): with the server's own CPU time it shows where a closed loop's time goes.
 */
async function databaseCpuMicros(): Promise<number | undefined> {
  const { readdir, readFile } = await import("node:fs/promises");
  const ticksPerSecond = 100;
  let total = 0;
  let found = false;
  for (const pid of await readdir("/proc").catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    const match = /^\d+ \((.*)\) (.*)$/s.exec(stat);
    if (match?.[1] !== "postgres") continue;
    const fields = match[2]!.split(" ");
    // utime and stime are fields 14 and 15 of the line; 12 and 13 after pid and comm.
    total += (Number(fields[11]) + Number(fields[12])) * (1_000_000 / ticksPerSecond);
    found = true;
  }
  return found ? total : undefined;
}

/** The server's and the database's CPU time per call over a measured stretch (ours only; the reference has none). */
async function cpuMeter(target: Target) {
  if (target.name !== "ours") return { per: () => ({}) };
  const [server, database] = await Promise.all([measureCpuMicros(target.child), databaseCpuMicros()]);
  return {
    per: async (calls: number): Promise<Record<string, string>> => {
      const [serverAfter, databaseAfter] = await Promise.all([measureCpuMicros(target.child), databaseCpuMicros()]);
      return {
        "server CPU µs/call": fmt((serverAfter - server) / calls, 0),
        ...(database === undefined || databaseAfter === undefined
          ? {}
          : { "db CPU µs/call": fmt((databaseAfter - database) / calls, 0) }),
      };
    },
  };
}

/** Memory of a benchmarked server after a full garbage collection (see bench/memory-probe.ts). */
function measureMemory(child: ChildProcess): Promise<Memory> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      const { memory } = message as { memory?: Memory };
      if (!memory) return;
      child.off("message", onMessage);
      resolve(memory);
    };
    child.on("message", onMessage);
    child.send("measure-memory");
  });
}

async function waitForHealth(url: string, child: ChildProcess) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const healthy = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) return;
    await sleep(100);
  }
}

async function startProcess(args: string[], env: Record<string, string>, readyPattern?: RegExp): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--expose-gc", "--import", "tsx", "--import", "./bench/memory-probe.ts", ...args],
    {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let output = "";
    if (!readyPattern) setImmediate(resolve);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (readyPattern?.test(output)) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}:\n${output}`)));
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return child;
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

async function query(sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function prepareDatabase() {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS ocpp_central_bench WITH (FORCE)");
  await admin.query("CREATE DATABASE ocpp_central_bench");
  await admin.end();
  await applyPendingMigrations(databaseUrl);
}

type Target = { name: string; url: string; child: ChildProcess; httpUrl?: string };

async function throughput(target: Target) {
  const chargers = await connectChargers(target.url, scale.throughputChargers, `TP-${target.name}-`);
  const warmUp = await closedLoop(chargers, mixedCalls, 2);
  const cpu = await cpuMeter(target);
  const result = await closedLoop(chargers, mixedCalls, scale.seconds);
  const cpuPerCall = await cpu.per(result.calls);
  for (const charger of chargers) charger.close();
  const callsPerSecond = result.calls / result.seconds;
  report("throughput (closed loop)", target.name, {
    chargers: String(chargers.length),
    "calls/s": fmt(callsPerSecond, 0),
    p50ms: fmt(percentile(result.latenciesMs, 50), 2),
    p99ms: fmt(percentile(result.latenciesMs, 99), 2),
    errors: String(result.errors),
    ...cpuPerCall,
  });
  // Every answered call is two frames: the charger's CALL and our CALLRESULT.
  return { callsPerSecond, calls: result.calls, framesExchanged: 2 * (warmUp.calls + result.calls) };
}

/**
 * The closed loop in OCPP 2.0.1: each charger boots and starts a transaction first (not counted), then sends
 * Heartbeat, StatusNotification and TransactionEvent Updated with meter values, each as soon as the last is answered.
 */
async function throughput201(target: Target) {
  const prefix = `TP201-${target.name}-`;
  const chargers = await connectChargers(target.url, scale.throughputChargers, prefix, { protocol: "ocpp2.0.1" });
  try {
    const calls = ocpp201Calls(await startTransactions201(chargers));
    const warmUp = await closedLoop(chargers, calls, 2);
    const cpu = await cpuMeter(target);
    const result = await closedLoop(chargers, calls, scale.seconds);
    const cpuPerCall = await cpu.per(result.calls);
    const callsPerSecond = result.calls / result.seconds;
    const errors = warmUp.errors + result.errors;
    report("2.0.1 throughput (closed loop)", target.name, {
      chargers: String(chargers.length),
      "calls/s": fmt(callsPerSecond, 0),
      p50ms: fmt(percentile(result.latenciesMs, 50), 2),
      p99ms: fmt(percentile(result.latenciesMs, 99), 2),
      errors: String(errors),
      ...cpuPerCall,
    });
    // BootNotification and TransactionEvent Started, then the loop: two frames per answered call.
    return { callsPerSecond, errors, framesExchanged: 2 * (2 * chargers.length + warmUp.calls + result.calls) };
  } finally {
    for (const charger of chargers) charger.close();
  }
}

/** The 2.0.1 closed loop against the reference and ours, on fresh servers; its ratio and audit rows as for 1.6. */
async function ocpp201ClosedLoop() {
  console.log("2.0.1 throughput...");
  const [referenceTarget, { target: oursTarget }] = await Promise.all([startReference(), startOurs()]);
  try {
    const reference = await throughput201(referenceTarget);
    const ours = await throughput201(oursTarget);
    const count = await auditRows("TP201-ours-%", ours.framesExchanged);
    report("2.0.1 audit log", "ours", {
      "rows written": String(count),
      "frames (2 per call)": String(ours.framesExchanged),
      lost: String(ours.framesExchanged - count),
    });
    return {
      ratio: ours.callsPerSecond / reference.callsPerSecond,
      errors: ours.errors,
      lost: ours.framesExchanged - count,
    };
  } finally {
    await Promise.all([stop(oursTarget.child), stop(referenceTarget.child)]);
  }
}

/** Audit rows of the chargers whose identity is LIKE pattern, once there are `frames` of them (or after 30 s). */
async function auditRows(pattern: string, frames: number): Promise<number> {
  let count = 0;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(500)) {
    [{ count }] = await query(`SELECT count(*)::int AS count FROM ocpp_messages WHERE charge_point_id LIKE $1`, [
      pattern,
    ]);
    if (count >= frames) break;
  }
  return count;
}

/** Every charger sends one of the mixed calls each second, as a busy network does (open loop). */
async function steadyLoad(target: Target) {
  const chargers = await connectChargers(target.url, scale.steadyChargers, `STEADY-${target.name}-`);
  const cpuBefore = await measureCpuMicros(target.child);
  const result = await openLoop(chargers, mixedCalls, 1000, scale.idleSeconds);
  const cpuMicros = (await measureCpuMicros(target.child)) - cpuBefore;
  for (const charger of chargers) charger.close();
  const p99 = percentile(result.latenciesMs, 99);
  report("steady load, 1 call/s per charger", target.name, {
    chargers: String(chargers.length),
    "calls/s": fmt(result.calls / result.seconds, 0),
    p50ms: fmt(percentile(result.latenciesMs, 50), 2),
    p99ms: fmt(p99, 2),
    "CPU µs/call": fmt(cpuMicros / result.calls, 0),
    errors: String(result.errors),
  });
  return { p99, cpuMicrosPerCall: cpuMicros / result.calls };
}

/** `--steady N`: the steady load alone, N rounds, each on freshly started servers, then the median of each figure. */
async function steadyRounds(rounds: number) {
  const figures: Array<{ reference: number; ours: number; cpu: number }> = [];
  for (let round = 1; round <= rounds; round++) {
    console.log(`steady load, round ${round} of ${rounds}...`);
    const [referenceTarget, { target: oursTarget }] = await Promise.all([startReference(), startOurs()]);
    try {
      const reference = await steadyLoad(referenceTarget);
      const ours = await steadyLoad(oursTarget);
      figures.push({ reference: reference.p99, ours: ours.p99, cpu: ours.cpuMicrosPerCall });
    } finally {
      await Promise.all([stop(oursTarget.child), stop(referenceTarget.child)]);
    }
  }
  const median = (values: number[]) => percentile(values, 50);
  console.log(
    `\nsteady load over ${rounds} rounds, medians: ours p99 ${fmt(median(figures.map((f) => f.ours)), 2)} ms, ` +
      `reference p99 ${fmt(median(figures.map((f) => f.reference)), 2)} ms, ` +
      `ours ${fmt(median(figures.map((f) => f.cpu)), 0)} µs CPU per call`,
  );
}

async function idleFleet(target: Target) {
  await sleep(1000);
  const before = await measureMemory(target.child);
  const connectStarted = performance.now();
  const chargers = await connectChargers(target.url, scale.idleChargers, `IDLE-${target.name}-`);
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  const result = await openLoop(chargers, (_i) => ["Heartbeat", {}], 10_000, scale.idleSeconds);
  // Measured with the fleet connected and after every charger has sent at least once.
  const after = await measureMemory(target.child);
  const perConnectionKiB = (after.rss - before.rss) / 1024 / chargers.length;
  const heapPerConnectionKiB =
    (after.heapUsed + after.external - before.heapUsed - before.external) / 1024 / chargers.length;
  report("idle fleet, 1 call/10 s", target.name, {
    connected: String(chargers.filter((c) => c.socket.readyState === WebSocket.OPEN).length),
    "connect s": fmt(connectSeconds, 2),
    "KiB/conn (RSS)": fmt(perConnectionKiB),
    "KiB/conn (heap+external)": fmt(heapPerConnectionKiB),
    p50ms: fmt(percentile(result.latenciesMs, 50), 2),
    p99ms: fmt(percentile(result.latenciesMs, 99), 2),
    errors: String(result.errors),
  });
  return { chargers, perConnectionKiB, p99: percentile(result.latenciesMs, 99) };
}

async function commandRoundTrip(target: Target, chargers: Charger[]) {
  const latencies: number[] = [];
  const mutation = `mutation ($id: String!) { triggerMessage(chargePointId: $id, requestedMessage: Heartbeat) { status } }`;
  // The first 50 warm the path up (as the throughput run's first 2 s do) and are not counted.
  const warmUp = 50;
  for (let i = -warmUp; i < scale.commands; i++) {
    const charger = chargers[((i + warmUp) * 7919) % chargers.length]!;
    const started = performance.now();
    const response = await fetch(target.httpUrl!, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: mutation, variables: { id: charger.identity } }),
    });
    const body = (await response.json()) as { data?: { triggerMessage: { status: string } } };
    if (body.data?.triggerMessage.status !== "Accepted") throw new Error(`command failed: ${JSON.stringify(body)}`);
    if (i >= 0) latencies.push(performance.now() - started);
  }
  report("command round trip (GraphQL → charger → GraphQL)", target.name, {
    chargers: String(chargers.length),
    commands: String(latencies.length),
    p50ms: fmt(percentile(latencies, 50), 2),
    p99ms: fmt(percentile(latencies, 99), 2),
  });
  return percentile(latencies, 99);
}

async function subscriptionFanOut(target: Target, charger: Charger) {
  const subscribers = 200;
  const rounds = 20;
  const received: number[] = [];
  let sentAt = 0;
  const clients = Array.from({ length: subscribers }, () =>
    createClient({ url: target.httpUrl!.replace("http", "ws"), webSocketImpl: WebSocket, retryAttempts: 0 }),
  );
  let acknowledged = 0;
  const ready = new Promise<void>((resolve) => {
    for (const client of clients) {
      client.on("connected", () => ++acknowledged === subscribers && resolve());
      client.subscribe(
        {
          query: `subscription ($id: String) { connectorStatusChanged(chargePointId: $id) { status } }`,
          variables: { id: charger.identity },
        },
        { next: () => received.push(performance.now() - sentAt), error: () => {}, complete: () => {} },
      );
    }
  });
  await ready;
  await sleep(500);
  for (let round = 0; round < rounds; round++) {
    sentAt = performance.now();
    await charger.call("StatusNotification", {
      connectorId: 1,
      errorCode: "NoError",
      status: round % 2 ? "Charging" : "Available",
    });
    await sleep(200);
  }
  await Promise.all(clients.map((client) => client.dispose()));
  report("subscription fan-out", target.name, {
    subscribers: String(subscribers),
    delivered: `${received.length}/${subscribers * rounds}`,
    p50ms: fmt(percentile(received, 50), 2),
    p99ms: fmt(percentile(received, 99), 2),
  });
  return percentile(received, 99);
}

async function startOurs(env: Record<string, string> = {}): Promise<{ child: ChildProcess; target: Target }> {
  const [ocppPort, httpPort] = [await freePort(), await freePort()];
  const child = await startProcess(["src/main.ts"], {
    DATABASE_URL: databaseUrl,
    PORT: String(httpPort),
    OCPP_PORT: String(ocppPort),
    HOST: "127.0.0.1",
    MIGRATE_ON_START: "false",
    LOG_LEVEL: "warn",
    NODE_ENV: "development",
    OCPP_MAX_MESSAGES_PER_SECOND: "100000",
    OCPP_PING_INTERVAL_MS: "0",
    ...env,
  });
  await waitForHealth(`http://127.0.0.1:${httpPort}/health`, child);
  return {
    child,
    target: { name: "ours", url: `ws://127.0.0.1:${ocppPort}`, child, httpUrl: `http://127.0.0.1:${httpPort}/graphql` },
  };
}

async function startReference(): Promise<Target> {
  const port = await freePort();
  const child = await startProcess(["bench/reference-server.ts"], { PORT: String(port) }, /listening/);
  return { name: "reference", url: `ws://127.0.0.1:${port}`, child };
}

async function startupAtScale() {
  console.log("  preparing 100,000 stations and 10,000,000 audit rows (takes a few minutes)...");
  await query(`INSERT INTO stations (charge_point_id, connected, created_at, updated_at)
               SELECT 'BULK-' || lpad(i::text, 6, '0'), false, now(), now() FROM generate_series(1, 100000) i`);
  await query(`INSERT INTO ocpp_messages (charge_point_id, direction, message_type, unique_id, action, payload, raw, created_at)
               SELECT 'BULK-' || lpad((i % 100000)::text, 6, '0'), 'INBOUND', 'CALL', i::text, 'Heartbeat', '{}'::jsonb,
                      '[2,"' || i || '","Heartbeat",{}]', now() - (i || ' seconds')::interval
               FROM generate_series(1, 10000000) i`);
  await query("VACUUM ANALYZE ocpp_messages");
  await query("VACUUM ANALYZE stations");
  const started = performance.now();
  const { child, target } = await startOurs();
  const startupSeconds = (performance.now() - started) / 1000;
  const timeQuery = async (body: string) => {
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      const response = await fetch(target.httpUrl!, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      await response.json();
      times.push(performance.now() - t);
    }
    return percentile(times, 50);
  };
  const stationsMs = await timeQuery(
    JSON.stringify({
      query:
        "{ stations(first: 50) { edges { node { chargePointId connected connectors { status } } } pageInfo { endCursor } } }",
    }),
  );
  const messagesMs = await timeQuery(
    JSON.stringify({
      query: '{ messages(chargePointId: "BULK-004242", first: 50) { edges { node { action createdAt } } } }',
    }),
  );
  await stop(child);
  report("start-up with 100k stations, 10M audit rows", "ours", {
    "start s": fmt(startupSeconds, 2),
    "stations page ms": fmt(stationsMs, 2),
    "message log page ms": fmt(messagesMs, 2),
  });
}

/**
 * 200 and 400 chargers sending StartTransaction, then StopTransaction, at once, as after an outage; on a freshly
 * started server.
 */
async function transactionStorms() {
  const { child, target } = await startOurs();
  try {
    for (const count of [200, 400]) {
      const storms = await transactionStorm(target.url, count, query);
      for (const [action, storm] of [
        ["StartTransaction", storms.start],
        ["StopTransaction", storms.stop],
      ] as const) {
        report(`${action} storm, ${count} at once`, "ours", {
          accepted: `${storm.accepted}/${storm.chargers}`,
          refused: String(storm.refused),
          errors: String(storm.errors),
          p50ms: fmt(storm.p50Ms, 1),
          p99ms: fmt(storm.p99Ms, 1),
          maxms: fmt(storm.maxMs, 1),
        });
      }
    }
  } finally {
    await stop(child);
  }
}

/** With the default per-connection limits (the other scenarios lift the message rate to measure throughput). */
async function flood() {
  console.log("flood...");
  const { child, target } = await startOurs({ OCPP_MAX_MESSAGES_PER_SECOND: "20" });
  try {
    await floodScenario({ url: target.url, query, report });
  } finally {
    await stop(child);
  }
}

async function main() {
  console.log(`Benchmark on ${cpus().length} cores (${cpus()[0]?.model}), Node ${process.version}`);
  await prepareDatabase();
  if (options.storm) {
    await transactionStorms();
    return;
  }
  if (options.flood) return flood();
  if (options.steady) return steadyRounds(Number(options.steady));
  if (options["closed-loops"]) {
    const [reference, { target: ours }] = await Promise.all([startReference(), startOurs()]);
    let ratio16: number;
    try {
      ratio16 = (await throughput(ours)).callsPerSecond / (await throughput(reference)).callsPerSecond;
    } finally {
      await Promise.all([stop(ours.child), stop(reference.child)]);
    }
    const { ratio: ratio201 } = await ocpp201ClosedLoop();
    console.log(
      `\nclosed loops: 1.6 at ${fmt(ratio16 * 100)}% of the reference, 2.0.1 at ${fmt(ratio201 * 100)}% of the reference`,
    );
    console.table(rows);
    return;
  }
  if (options.ocpp201) {
    const { ratio, errors, lost } = await ocpp201ClosedLoop();
    console.log(
      `\n2.0.1 closed loop: ours at ${fmt(ratio * 100)}% of the reference, ${errors} errors, ${lost} audit rows lost`,
    );
    console.table(rows);
    return;
  }

  let referenceTarget = await startReference();
  let { target: oursTarget } = await startOurs();

  try {
    console.log("throughput...");
    const referenceThroughput = await throughput(referenceTarget);
    const ourThroughput = await throughput(oursTarget);
    // The load generator knows how many frames it exchanged; the audit log must hold every one (give it 30 s).
    const frames = ourThroughput.framesExchanged;
    const count = await auditRows("TP-ours-%", frames);
    report("audit log", "ours", {
      "rows written": String(count),
      "frames (2 per call)": String(frames),
      lost: String(frames - count),
    });

    // Fresh processes for the rest: memory per connection is measured from a baseline without the heap the
    // throughput run left behind (its pages would be reused by new connections and hide their cost).
    await Promise.all([stop(oursTarget.child), stop(referenceTarget.child)]);
    [referenceTarget, { target: oursTarget }] = await Promise.all([startReference(), startOurs()]);

    console.log("idle fleet...");
    const referenceIdle = await idleFleet(referenceTarget);
    for (const charger of referenceIdle.chargers) charger.close();
    const ourIdle = await idleFleet(oursTarget);
    for (const charger of ourIdle.chargers.slice(1000)) charger.close();
    const idleChargers = ourIdle.chargers.slice(0, 1000);
    // Let the 9,000 disconnects settle so that they are not measured as command latency.
    await sleep(8000);

    console.log("commands and subscriptions...");
    const commandP99 = await commandRoundTrip(oursTarget, idleChargers);
    const fanOutP99 = await subscriptionFanOut(oursTarget, idleChargers[0]!);
    for (const charger of idleChargers) charger.close();

    // Last, so that its garbage is not counted as memory per idle connection.
    console.log("steady load...");
    await steadyLoad(referenceTarget);
    await steadyLoad(oursTarget);
    await Promise.all([stop(oursTarget.child), stop(referenceTarget.child)]);

    // A server that cannot run the 2.0.1 loop (no TransactionEvent) must not cost the other scenarios their figures.
    const ocpp201 = await ocpp201ClosedLoop().catch((error: unknown) => {
      console.log(`  2.0.1 closed loop not measured: ${(error as Error).message}`);
      return undefined;
    });

    console.log("\nTargets");
    const verdict = (ok: boolean) => (ok ? "met" : "NOT MET");
    const throughputRatio = ourThroughput.callsPerSecond / referenceThroughput.callsPerSecond;
    const memoryRatio = ourIdle.perConnectionKiB / referenceIdle.perConnectionKiB;
    console.table([
      {
        target: "throughput ≥ 25% of reference",
        measured: `${fmt(throughputRatio * 100)}%`,
        result: verdict(throughputRatio >= 0.25),
      },
      { target: "no audit row lost", measured: `${frames - count} lost`, result: verdict(frames === count) },
      {
        target: "2.0.1 throughput ≥ 25% of reference",
        measured: ocpp201
          ? `${fmt(ocpp201.ratio * 100)}% (${ocpp201.errors} errors, ${ocpp201.lost} audit rows lost)`
          : "-",
        result: ocpp201 ? verdict(ocpp201.ratio >= 0.25 && ocpp201.errors === 0 && ocpp201.lost === 0) : "NOT MEASURED",
      },
      { target: "idle fleet p99 < 50 ms", measured: `${fmt(ourIdle.p99, 2)} ms`, result: verdict(ourIdle.p99 < 50) },
      {
        target: "memory/conn < 3x reference",
        measured: `${fmt(memoryRatio, 2)}x`,
        // RSS can shrink while connections are added (pages of earlier garbage given back): then nothing was measured.
        result: referenceIdle.perConnectionKiB > 0 ? verdict(memoryRatio < 3) : "NOT MEASURED",
      },
      { target: "command p99 < 20 ms", measured: `${fmt(commandP99, 2)} ms`, result: verdict(commandP99 < 20) },
      { target: "fan-out p99 < 50 ms", measured: `${fmt(fanOutP99, 2)} ms`, result: verdict(fanOutP99 < 50) },
    ]);
  } finally {
    await stop(oursTarget.child);
    await stop(referenceTarget.child);
  }
  console.log("StartTransaction and StopTransaction storms...");
  await transactionStorms();
  await flood();
  if (options.startup) await startupAtScale();
  console.log("\nAll figures");
  console.table(rows);
}

await main();
process.exit(0);
