import { mkdir, open, readFile, unlink } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { citext } from "@electric-sql/pglite/contrib/citext";

export type EmbeddedDatabase = {
  url: string;
  /** True when another process (a running server) holds the database and this one only connects to it. */
  shared: boolean;
  close(): Promise<void>;
};

export type EmbeddedOptions = {
  /** A connection that holds the session without a statement for this long (in a transaction) is cut off. */
  idleInTransactionMs?: number;
  /** What the lock file says holds the database, e.g. "npm start" or "seed". */
  holder?: string;
};

/** Who holds the embedded database of a data directory: written to `<DATA_DIR>/embedded.lock`. */
export type LockHolder = { pid: number; url?: string; holder: string; since: string };

export class DataDirectoryInUseError extends Error {
  override name = "DataDirectoryInUseError";
  constructor(
    readonly dataDir: string,
    readonly lockHolder: LockHolder,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another process (pid ${lockHolder.pid}, ${lockHolder.holder}): ` +
        "stop it first, or set DATA_DIR to another directory or DATABASE_URL to a PostgreSQL server.",
    );
  }
}

const DEFAULT_IDLE_IN_TRANSACTION_MS = 60_000;

/**
 * Zero-configuration default: PGlite (Postgres compiled to WASM) persisted under dataDir and served over the
 * Postgres wire protocol on loopback, so the application and the Prisma CLI talk to it like any PostgreSQL.
 *
 * One process at a time: PGlite keeps the files open and caches them, so a second process opening the same
 * directory would write past the first and lose rows. The lock file names the holder and its address.
 */
export async function startEmbeddedDatabase(dataDir: string, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const directory = path.resolve(dataDir, "pglite");
  // DATA_DIR comes from the operator's configuration.
  // eslint-disable-next-line security/detect-non-literal-fs-filename
  await mkdir(directory, { recursive: true });
  const lock = await DataDirectoryLock.acquire(dataDir, options.holder ?? "npm start");
  try {
    // citext backs the case-insensitive ID tags; the migrations create it.
    const pglite = await PGlite.create(directory, { extensions: { citext } });
    const gateway = new SessionGateway(pglite, options.idleInTransactionMs ?? DEFAULT_IDLE_IN_TRANSACTION_MS);
    const address = await gateway.listen();
    const url = `postgresql://postgres@${address}/postgres?sslmode=disable`;
    await lock.publish(url);
    return {
      url,
      shared: false,
      async close() {
        await gateway.close();
        await pglite.close();
        await lock.release();
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/**
 * For commands beside the server (seed, admin:create): the embedded database of dataDir, started here, or the
 * running server's through the address in its lock file (its gateway keeps each transaction whole).
 */
export async function openEmbeddedDatabase(dataDir: string, holder: string): Promise<EmbeddedDatabase> {
  try {
    return await startEmbeddedDatabase(dataDir, { holder });
  } catch (error) {
    if (!(error instanceof DataDirectoryInUseError) || !error.lockHolder.url) throw error;
    return { url: error.lockHolder.url, shared: true, close: async () => {} };
  }
}

class DataDirectoryLock {
  private constructor(
    private readonly file: string,
    private readonly content: LockHolder,
  ) {}

  static async acquire(dataDir: string, holder: string): Promise<DataDirectoryLock> {
    const file = path.resolve(dataDir, "embedded.lock");
    const content: LockHolder = { pid: process.pid, holder, since: new Date().toISOString() };
    for (let attempt = 0; ; attempt++) {
      try {
        // eslint-disable-next-line security/detect-non-literal-fs-filename -- under DATA_DIR
        const handle = await open(file, "wx");
        await handle.writeFile(JSON.stringify(content));
        await handle.close();
        return new DataDirectoryLock(file, content);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
      }
      const existing = await readLock(file);
      if (existing && isAlive(existing.pid)) throw new DataDirectoryInUseError(dataDir, existing);
      // The holder died without cleaning up (SIGKILL, power loss): its lock is taken over.
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- under DATA_DIR
      await unlink(file).catch(() => {});
    }
  }

  async publish(url: string) {
    this.content.url = url;
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- under DATA_DIR
    const handle = await open(this.file, "r+");
    await handle.truncate(0);
    await handle.write(JSON.stringify(this.content), 0);
    await handle.close();
  }

  async release() {
    const current = await readLock(this.file);
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- under DATA_DIR
    if (current?.pid === process.pid) await unlink(this.file).catch(() => {});
  }
}

async function readLock(file: string): Promise<LockHolder | undefined> {
  try {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- under DATA_DIR
    return JSON.parse(await readFile(file, "utf8")) as LockHolder;
  } catch {
    // Unreadable or half-written: treated as held by nobody.
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const SYNC = Buffer.from([0x53, 0, 0, 0, 4]);

/**
 * PGlite is one Postgres session. Several wire connections on it (a pool, the health probe, a seed beside the
 * server) must not interleave: extended-protocol messages of one (Parse/Bind/Execute, unnamed statement and portal)
 * and its transaction belong together. The gateway lets one connection at a time use the session, from its first
 * message until the session is idle again (ReadyForQuery outside a transaction); the others wait their turn.
 * pglite-socket's server queues single messages instead, which lets a second connection's Parse replace the first
 * one's unnamed statement ("unnamed prepared statement does not exist").
 */
class SessionGateway {
  private readonly server = net.createServer((socket) => this.accept(socket));
  private readonly connections = new Set<WireConnection>();
  private holder: WireConnection | undefined;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly pglite: PGlite,
    readonly idleInTransactionMs: number,
  ) {}

  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => resolve(`127.0.0.1:${(this.server.address() as net.AddressInfo).port}`));
    });
  }

  async close() {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const connection of this.connections) connection.socket.destroy();
    await closed;
  }

  /** Resolves once the connection has the session to itself. */
  acquire(connection: WireConnection): Promise<void> {
    if (!this.holder) {
      this.holder = connection;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.waiting.push(() => {
        this.holder = connection;
        resolve();
      }),
    );
  }

  release(connection: WireConnection) {
    if (this.holder !== connection) return;
    this.holder = undefined;
    this.waiting.shift()?.();
  }

  private accept(socket: net.Socket) {
    socket.setNoDelay(true);
    const connection = new WireConnection(this, socket);
    this.connections.add(connection);
    socket.once("close", () => this.connections.delete(connection));
  }
}

class WireConnection {
  private buffered = Buffer.alloc(0);
  /** Complete messages with their type byte as a letter; the startup packet has none. */
  private readonly messages: Array<{ type: string; bytes: Buffer }> = [];
  private started = false;
  private holding = false;
  private running = false;
  private closed = false;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly gateway: SessionGateway,
    readonly socket: net.Socket,
  ) {
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      this.closed = true;
      this.messages.length = 0;
      if (!this.running) void this.leave();
    });
  }

  private receive(chunk: Buffer) {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    for (;;) {
      // The startup packet has no type byte; every later message has one before its length.
      const header = this.started ? 5 : 4;
      if (this.buffered.length < header) break;
      const length = this.started ? 1 + this.buffered.readInt32BE(1) : this.buffered.readInt32BE(0);
      if (this.buffered.length < length) break;
      const message = this.buffered.subarray(0, length);
      this.buffered = this.buffered.subarray(length);
      const type = this.started ? String.fromCharCode(message[0]!) : "startup";
      if (!this.started) {
        const code = message.readInt32BE(4);
        // No TLS on loopback; a cancel request cannot be honoured by a single session.
        if (code === SSL_REQUEST) {
          this.socket.write("N");
          continue;
        }
        if (code === CANCEL_REQUEST) {
          this.socket.destroy();
          return;
        }
        this.started = true;
      }
      this.messages.push({ type, bytes: message });
    }
    void this.run();
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    clearTimeout(this.idleTimer);
    try {
      while (this.messages.length > 0 && !this.closed) {
        if (!this.holding) {
          await this.gateway.acquire(this);
          this.holding = true;
        }
        const { type, bytes } = this.messages.shift()!;
        if (type === "X") {
          this.socket.end();
          break;
        }
        const { pglite } = this.gateway;
        await pglite.runExclusive(() =>
          pglite.execProtocolRawStream(new Uint8Array(bytes), {
            onRawData: (data) => {
              if (!this.socket.destroyed) this.socket.write(data);
            },
          }),
        );
        // Sync, a simple query and the startup packet end with ReadyForQuery: outside a transaction the session
        // is free for the next connection.
        const unitEnds = type === "S" || type === "Q" || type === "startup";
        if (unitEnds && !pglite.isInTransaction()) {
          this.holding = false;
          this.gateway.release(this);
        }
      }
    } catch {
      this.socket.destroy();
      this.closed = true;
    } finally {
      this.running = false;
    }
    if (this.closed) return this.leave();
    if (this.messages.length > 0) return this.run();
    if (this.holding) {
      // Mid-transaction and silent: the others wait on it, so like idle_in_transaction_session_timeout it is cut off.
      this.idleTimer = setTimeout(() => this.socket.destroy(), this.gateway.idleInTransactionMs);
      this.idleTimer.unref();
    }
  }

  /** A connection that went away while holding the session leaves it idle: its extended query and transaction end. */
  private async leave(): Promise<void> {
    clearTimeout(this.idleTimer);
    if (!this.holding) return;
    const { pglite } = this.gateway;
    try {
      await pglite.runExclusive(() => pglite.execProtocolRawStream(new Uint8Array(SYNC), { onRawData: () => {} }));
      if (pglite.isInTransaction()) await pglite.exec("ROLLBACK");
    } catch {
      // The database is closing.
    } finally {
      this.holding = false;
      this.gateway.release(this);
    }
  }
}
