import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

export type Server = {
  child: ChildProcess;
  httpPort: number;
  ocppPort: number;
  /** Its GraphQL endpoint, as a test app's (for test/helpers/graphql.ts). */
  graphqlUrl: string;
  /** Every log line, parsed. */
  logs: Array<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

const servers: Server[] = [];

/** Kills every server started so far that is still running (for afterEach/afterAll). */
export function killServers(): void {
  for (const server of servers.splice(0)) if (server.child.exitCode === null) server.child.kill("SIGKILL");
}

/**
 * Starts `node --import tsx src/main.ts` on free ports; resolves once it is ready. It starts as a restarted instance
 * does, marking every station of its database disconnected, so it needs a database of its own (see ownDatabase): on
 * the shared one it would disconnect other test files' stations under them.
 */
export async function startServer(
  environment: { DATABASE_URL: string } & Record<string, string>,
  { readyTimeoutMs = 30_000 } = {},
): Promise<Server> {
  // Only what the server needs: nothing from this process's configuration (REDIS_URL, ...) leaks in.
  const inherited = Object.fromEntries(
    ["PATH", "HOME", "TMPDIR", "LANG"].flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : [])),
  );
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: {
      ...inherited,
      NODE_ENV: "test",
      MIGRATE_ON_START: "false",
      HOST: "127.0.0.1",
      PORT: "0",
      OCPP_PORT: "0",
      LOG_LEVEL: "info",
      // The traffic below is far above a real charger's; the rate limit is not what is tested here.
      OCPP_MAX_MESSAGES_PER_SECOND: "10000",
      ...environment,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Array<Record<string, unknown>> = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<{ httpPort: number; ocppPort: number }>((resolve, reject) => {
    let pending = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) {
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry.msg === "Central system ready") {
            resolve({ httpPort: entry.httpPort as number, ocppPort: entry.ocppPort as number });
          }
        } catch {
          logs.push({ msg: line });
        }
      }
    });
    // After "close", not "exit": by then every line the server wrote has been read.
    child.once("close", (code) => {
      const messages = logs.map((entry) => entry.msg).join("\n");
      reject(new Error(`server exited (${code}) before it was ready:\n${stderr}${messages}`));
    });
    setTimeout(
      () => reject(new Error(`server not ready within ${readyTimeoutMs} ms:\n${stderr}`)),
      readyTimeoutMs,
    ).unref();
  });
  const ports = await ready;
  const server = { child, logs, exited, ...ports, graphqlUrl: `http://127.0.0.1:${ports.httpPort}/graphql` };
  servers.push(server);
  return server;
}
