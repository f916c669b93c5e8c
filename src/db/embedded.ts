import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { citext } from "@electric-sql/pglite/contrib/citext";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export type EmbeddedDatabase = { url: string; close(): Promise<void> };

/**
 * Zero-configuration default: PGlite (Postgres compiled to WASM) persisted under dataDir and served over the
 * Postgres wire protocol on loopback, so the application and the Prisma CLI talk to it like any PostgreSQL.
 */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const directory = path.resolve(dataDir, "pglite");
  // DATA_DIR comes from the operator's configuration.
  // eslint-disable-next-line security/detect-non-literal-fs-filename
  await mkdir(directory, { recursive: true });
  // citext backs the case-insensitive ID tags; the migrations create it.
  const pglite = await PGlite.create(directory, { extensions: { citext } });
  const server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: 0, maxConnections: 8 });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgresql://postgres@${address}/postgres?sslmode=disable`,
    async close() {
      await server.stop();
      await pglite.close();
    },
  };
}
