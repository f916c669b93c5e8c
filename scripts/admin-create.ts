// Creates an admin user and an API key, and prints both: `npm run admin:create -- <email> [--password <password>]`.
// With the embedded database (no DATABASE_URL) it uses the running server's, if any.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { TokenService } from "../src/auth/tokens.js";
import { loadConfig } from "../src/config.js";
import { createDatabase } from "../src/db/client.js";
import { DataDirectoryInUseError, openEmbeddedDatabase } from "../src/db/embedded.js";
import { applyPendingMigrations } from "../src/db/migrate.js";
import { CommandRejectedError } from "../src/features/errors.js";
import { UserService } from "../src/features/access/user-service.js";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { password: { type: "string" } } });
const email = positionals[0];
if (!email) {
  console.error("usage: npm run admin:create -- <email> [--password <password of 12+ characters>]");
  process.exit(1);
}

const config = loadConfig();
const embedded = config.databaseUrl
  ? undefined
  : await openEmbeddedDatabase(config.dataDir, "admin:create").catch((error: unknown) => {
      if (!(error instanceof DataDirectoryInUseError)) throw error;
      console.error(error.message);
      process.exit(1);
    });
const databaseUrl = config.databaseUrl ?? embedded!.url;
// A running server has migrated its embedded database at start.
if (!embedded?.shared) await applyPendingMigrations(databaseUrl);
const db = createDatabase(databaseUrl, { maxConnections: 2, timeouts: config.databaseTimeouts });
const users = new UserService(db, new TokenService(config.security.jwtSecret, config.security.jwtTtlSeconds));

try {
  const password = values.password ?? randomBytes(18).toString("base64url");
  const user = await users.createUser(email, password, "admin");
  const { key } = await users.createApiKey(`admin:create ${user.email}`, "admin", user.id);
  console.log(`Admin user:  ${user.email}`);
  if (!values.password) console.log(`Password:    ${password}`);
  console.log(`API key:     ${key}`);
  console.log("Store them now: neither is shown again. Use the key as `Authorization: Bearer <key>`.");
} catch (error) {
  if (!(error instanceof CommandRejectedError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
  await embedded?.close();
}
