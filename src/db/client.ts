import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts } from "../config.js";
import { PrismaClient } from "../generated/prisma/client.js";

export type Database = PrismaClient;

/** The pg Pool behind each client, for pool metrics; Prisma itself does not expose its driver adapter. */
const pools = new WeakMap<Database, pg.Pool>();

/** How much longer than statement_timeout the driver waits before it gives a connection up as dead. */
const DEAD_CONNECTION_MARGIN_MS = 2_000;
/** Idle pooled connections are closed after this; long-lived idle sockets are what a silent network drop kills. */
const IDLE_CONNECTION_MS = 10_000;
/** TCP keepalive probes on idle sockets: a peer that vanished is noticed even when nothing is being sent. */
const KEEPALIVE_DELAY_MS = 10_000;

/**
 * A connection whose query got no answer at all (query_timeout; statement_timeout would have answered with an
 * error first) is dead, not slow: pg leaves it open with the query still pending, and a transaction that releases
 * it without an error (as Prisma's adapter does) would hand it to the next caller. Destroying it takes it out.
 */
class DeadConnectionDroppingClient extends pg.Client {
  // pg.Client.query has a dozen overloads; this wraps whichever is called and passes everything through.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const callback = args[last] as (error: Error | undefined, ...rest: unknown[]) => void;
      args[last] = (error: Error | undefined, ...rest: unknown[]) => {
        this.dropIfDead(error);
        callback(error, ...rest);
      };
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise) result.catch((error: unknown) => this.dropIfDead(error));
    return result;
  }

  private dropIfDead(error: unknown) {
    if (error instanceof Error && error.message === "Query read timeout") this.connection.stream.destroy();
  }
}

export type DatabaseOptions = {
  maxConnections?: number;
  timeouts?: DatabaseTimeouts;
  /** Told when an idle pooled connection broke (database restart, network cut); the pool opens a new one. */
  onIdleConnectionError?: (error: Error) => void;
};

export function createDatabase(connectionString: string, options: DatabaseOptions = {}): Database {
  const timeouts = options.timeouts ?? DEFAULT_DATABASE_TIMEOUTS;
  // We build the Pool ourselves (instead of letting the adapter do it) so it can be observed; $disconnect still
  // ends it.
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    Client: DeadConnectionDroppingClient,
    connectionTimeoutMillis: timeouts.connectMs,
    idleTimeoutMillis: IDLE_CONNECTION_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
    statement_timeout: timeouts.statementMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    query_timeout: timeouts.statementMs + DEAD_CONNECTION_MARGIN_MS,
  });
  // A connection that breaks while idle in the pool is dropped by pg-pool; without a listener the error would
  // crash the process.
  pool.on("error", options.onIdleConnectionError ?? (() => {}));
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/** The connection pool of a client made by createDatabase. */
export function databasePool(db: Database): pg.Pool | undefined {
  return pools.get(db);
}

/**
 * Answers "is the database reachable" within a bound, on a connection of its own: the health check must not queue
 * behind a pool whose connections are all stuck on a database that went away.
 */
export class DatabaseProbe {
  private client: Promise<pg.Client> | undefined;
  private running: Promise<boolean> | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly timeoutMs: number,
  ) {}

  /** Concurrent health checks share one probe. */
  isReachable(): Promise<boolean> {
    return (this.running ??= this.probe().finally(() => (this.running = undefined)));
  }

  close(): void {
    this.discard();
  }

  private async probe(): Promise<boolean> {
    const client = (this.client ??= this.connect());
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("database probe timed out")), this.timeoutMs);
    });
    try {
      await Promise.race([client.then((connected) => connected.query("SELECT 1")), deadline]);
      return true;
    } catch {
      if (this.client === client) this.discard();
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      connectionTimeoutMillis: this.timeoutMs,
      keepAlive: true,
    });
    // A broken probe connection fails the next probe, which replaces it.
    client.on("error", () => {});
    await client.connect();
    return client;
  }

  private discard() {
    const client = this.client;
    this.client = undefined;
    // Not end(): its goodbye could wait forever on a connection that went silent.
    client?.then(
      (connected) => connected.connection.stream.destroy(),
      () => {},
    );
  }
}

const UNREACHABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// Prisma's codes for: cannot reach, timed out, connection closed, no free connection in the pool.
const UNREACHABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// pg's own errors carry no code: a connect or pool wait that timed out, an unanswered query, a dropped connection.
const UNREACHABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|Query read timeout|canceling statement due to statement timeout|terminating connection|ECONNREFUSED|ECONNRESET|ETIMEDOUT/i;

/** Whether an error (or what it wraps) means the database could not be reached or did not answer in time. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const { message, code, kind, cause, originalError } = current as Record<string, unknown>;
    if (typeof kind === "string" && UNREACHABLE_KINDS.has(kind)) return true;
    if (typeof code === "string" && UNREACHABLE_PRISMA_CODES.has(code)) return true;
    if (typeof message === "string" && UNREACHABLE_MESSAGES.test(message)) return true;
    current = originalError ?? cause;
  }
  return false;
}
