// Every environment variable the server reads, declared once: loadConfig validates with it, the typed values come
// from it, and docs/configuration.md is written from it (`npm run docs:config`; a unit test fails when it is stale).
import proxyAddress from "proxy-addr";
import { z } from "zod";
import { OCPP_SUBPROTOCOLS } from "../ocpp/subprotocols.js";

export type Setting<T extends z.ZodType = z.ZodType> = {
  /** Validates the variable's text and converts it; its `.default()` is the value when the variable is unset. */
  type: T;
  /** The value when the variable is unset and NODE_ENV=production, where it differs from the default. */
  production?: z.output<T>;
  /** What leaving the variable unset means, for one without a default (shown in the docs). */
  unset?: string;
  /** One line for docs/configuration.md. */
  meaning: string;
};

/** Ties each declaration's production default to its own type. */
function setting<T extends z.ZodType>(declaration: Setting<T>): Setting<T> {
  return declaration;
}

const port = z.coerce.number().int().min(0).max(65535);
const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");
const commaSeparated = z.string().transform((value) =>
  value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean),
);

export type DatabaseTimeouts = {
  /** Opening a connection, and waiting for a free one in the pool. */
  connectMs: number;
  /** One statement; a connection silent for a little longer than this is treated as dead. */
  statementMs: number;
  /** A transaction left open without a statement is ended by the database. */
  idleInTransactionMs: number;
};

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  connectMs: 5_000,
  statementMs: 30_000,
  idleInTransactionMs: 60_000,
};

const RETENTION_DAYS_RULE = "must be a whole number of days, 1 or more (unset keeps every message)";

const processSettings = {
  NODE_ENV: setting({
    type: z.enum(["development", "production", "test"]).default("development"),
    meaning: '`production` switches the security defaults marked "in production" to their strict values',
  }),
  PORT: setting({
    type: port.default(8000),
    meaning: "HTTP port: `/graphql` (queries, mutations, GraphiQL, graphql-ws subscriptions) and `/health`",
  }),
  OCPP_PORT: setting({
    type: port.default(9000),
    meaning: "OCPP-J WebSocket port; the charge point identity is the last path segment (`/CP001`, `/ocpp/CP001`)",
  }),
  HOST: setting({ type: z.string().min(1).default("0.0.0.0"), meaning: "Interface both ports listen on" }),
  TRUST_PROXY: setting({
    type: z
      .string()
      .transform((value) => value.split(",").map((entry) => entry.trim()))
      .transform((entries, context) => {
        try {
          return proxyAddress.compile(entries);
        } catch (error) {
          context.addIssue({ code: "custom", message: (error as Error).message });
          return z.NEVER;
        }
      })
      .optional(),
    unset: "the socket's peer",
    meaning:
      "Proxies whose `X-Forwarded-For` names the charger's address: addresses, CIDR ranges or `loopback`, `linklocal`, `uniquelocal`, comma-separated",
  }),
  SHUTDOWN_TIMEOUT_MS: setting({
    type: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
    meaning: "Longest graceful shutdown; then the process exits anyway. A second signal exits at once",
  }),
  LOG_LEVEL: setting({
    type: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    meaning:
      "`fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`; logs are JSON lines (pino); `debug` adds one line per OCPP frame",
  }),
};

const databaseSettings = {
  DATABASE_URL: setting({
    type: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection string")
      .optional(),
    unset: "embedded database",
    meaning: "`postgresql://user:password@host:5432/database`",
  }),
  DATA_DIR: setting({
    type: z.string().min(1).default("./data"),
    meaning: "Where the embedded database keeps its files",
  }),
  MIGRATE_ON_START: setting({
    type: booleanFlag.default(true),
    meaning: "Apply pending migrations at start; `false` leaves the schema alone",
  }),
  DATABASE_CONNECT_TIMEOUT_MS: setting({
    type: z.coerce.number().int().min(100).max(600_000).default(DEFAULT_DATABASE_TIMEOUTS.connectMs),
    meaning: "Longest wait to open a database connection or get a free one from the pool",
  }),
  DATABASE_STATEMENT_TIMEOUT_MS: setting({
    type: z.coerce.number().int().min(100).max(3_600_000).default(DEFAULT_DATABASE_TIMEOUTS.statementMs),
    meaning: "Longest a statement may run; a connection silent 2 s longer is dropped as dead",
  }),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: setting({
    type: z.coerce.number().int().min(100).max(3_600_000).default(DEFAULT_DATABASE_TIMEOUTS.idleInTransactionMs),
    meaning: "A transaction left open this long without a statement is ended",
  }),
};

const ocppSettings = {
  HEARTBEAT_INTERVAL: setting({
    type: z.coerce.number().int().min(1).max(86_400).default(300),
    meaning: "Seconds; sent to chargers in the BootNotification answer",
  }),
  OCPP_CALL_TIMEOUT_MS: setting({
    type: z.coerce.number().int().min(100).max(600_000).default(30_000),
    meaning: "How long a command waits for the charger's answer",
  }),
  OCPP_MAX_FRAME_BYTES: setting({
    type: z.coerce
      .number()
      .int()
      .min(1024)
      .max(16 * 1024 * 1024)
      .default(1024 * 1024),
    meaning: "Larger frames close the connection with code 1009",
  }),
  OCPP_VERSIONS: setting({
    type: commaSeparated
      .pipe(z.array(z.enum(OCPP_SUBPROTOCOLS)).min(1, "must name at least one of ocpp2.0.1, ocpp1.6"))
      .default([...OCPP_SUBPROTOCOLS]),
    meaning:
      "The OCPP versions chargers may connect with, as WebSocket subprotocols; a charger offering several gets the " +
      "newest accepted one",
  }),
  OCPP_PING_INTERVAL_MS: setting({
    type: z.coerce.number().int().min(0).default(30_000),
    meaning: "WebSocket ping interval; a charger that misses a pong is dropped (`0` disables)",
  }),
  OCPP_MAX_BAD_FRAMES_PER_MINUTE: setting({
    type: z.coerce.number().int().min(1).default(20),
    meaning: "Above this many malformed frames a minute the connection is closed with 1008",
  }),
};

const auditLogSettings = {
  AUDIT_FLUSH_INTERVAL_MS: setting({
    type: z.coerce.number().int().min(1).max(10_000).default(50),
    meaning: "How often buffered audit-log entries are written (one multi-row insert)",
  }),
  AUDIT_BUFFER_HIGH_WATER: setting({
    type: z.coerce.number().int().min(1).default(100_000),
    meaning:
      "Audit-log entries waiting to be written beyond which chargers are not read until half are written (see [audit-log.md](audit-log.md))",
  }),
  MESSAGE_RETENTION_DAYS: setting({
    type: z.coerce
      .number({ error: RETENTION_DAYS_RULE })
      .int(RETENTION_DAYS_RULE)
      .min(1, RETENTION_DAYS_RULE)
      .max(36_500, "must be at most 36500 days (100 years)")
      .optional(),
    unset: "keep forever",
    meaning:
      "Audit-log entries (`ocpp_messages`) older than this many days are deleted in the background: 10 s after start, then hourly, 5000 rows per statement with a pause between statements",
  }),
};

const clusterSettings = {
  REDIS_URL: setting({
    type: z
      .string()
      .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
      .optional(),
    unset: "one instance",
    meaning:
      "`redis://host:6379`: several instances act as one (events shared, commands routed to the instance holding the charger)",
  }),
  REDIS_KEY_PREFIX: setting({
    type: z.string().min(1).default("ocpp-central:"),
    meaning: "Prefix of this deployment's Redis keys and channels",
  }),
  REDIS_OWNERSHIP_TTL_SECONDS: setting({
    type: z.coerce.number().int().min(2).max(3600).default(30),
    meaning:
      "Seconds a crashed instance's chargers stay owned by it; every instance sweeps every TTL/2 and marks stations that no instance holds disconnected",
  }),
};

const metricsSettings = {
  METRICS_ENABLED: setting({
    type: booleanFlag.default(true),
    meaning:
      "`GET /metrics` on the API port (Prometheus text format, see [Observability](observability.md)); `false` answers 404 and collects nothing",
  }),
  METRICS_TOKEN: setting({
    type: z
      .string()
      .regex(/^[\x21-\x7e]{16,256}$/, "must be 16 to 256 printable ASCII characters without spaces")
      .optional(),
    unset: "no token",
    meaning:
      "16–256 printable characters; scrapes must then send `Authorization: Bearer <token>`. Set it when the API port is reachable by others (production warns at start without it)",
  }),
};

const chargerSecuritySettings = {
  OCPP_ALLOW_UNKNOWN_STATIONS: setting({
    type: booleanFlag.default(true),
    production: false,
    meaning: "Unknown identities are refused at the handshake (HTTP 404) and listed in `pendingStations`",
  }),
  OCPP_SECURITY_PROFILE: setting({
    type: z.coerce.number().int().min(0).max(2).optional(),
    unset: "`0`; in production `1`, or `2` with TLS",
    meaning:
      "0: no charger authentication (a station with a password must still use it); 1: HTTP Basic for every station; 2: HTTP Basic over TLS",
  }),
  OCPP_TLS_CERT: setting({
    type: z.string().min(1).optional(),
    meaning: "PEM certificate file; with `OCPP_TLS_KEY` the OCPP port serves `wss://`",
  }),
  OCPP_TLS_KEY: setting({
    type: z.string().min(1).optional(),
    meaning: "PEM private key file of `OCPP_TLS_CERT`; the two are set together",
  }),
  OCPP_MAX_MESSAGES_PER_SECOND: setting({
    type: z.coerce.number().min(1).default(20),
    meaning:
      "Per connection, every frame (one per started 4 KiB); bursts up to twice that; beyond it CALLs wait, and owing 100 closes the connection (1008): see [protocol-limits.md](protocol-limits.md)",
  }),
  OCPP_AUTH_FAILURES_PER_MINUTE: setting({
    type: z.coerce.number().int().min(1).default(5),
    meaning: "Failed handshakes per identity and per address before HTTP 429",
  }),
  OCPP_SECRET_CONFIGURATION_KEYS: setting({
    type: commaSeparated.pipe(z.array(z.string().max(50, "configuration keys have at most 50 characters"))).optional(),
    meaning:
      "Comma-separated configuration keys whose values are write-only, besides `AuthorizationKey` ([security.md](security.md#secrets))",
  }),
  OCPP_PENDING_STATIONS_PER_ADDRESS: setting({
    type: z.coerce.number().int().min(1).default(20),
    meaning:
      "Identities listed in `pendingStations` per address; an address keeps its newest (see [api-access.md](api-access.md))",
  }),
  OCPP_PENDING_STATIONS_MAX: setting({
    type: z.coerce.number().int().min(1).default(1000),
    meaning: "Identities listed in `pendingStations` in all (see [api-access.md](api-access.md))",
  }),
};

const apiSecuritySettings = {
  TLS_CERT: setting({
    type: z.string().min(1).optional(),
    meaning: "PEM certificate file; with `TLS_KEY` the API port serves `https://` (and sends HSTS)",
  }),
  TLS_KEY: setting({
    type: z.string().min(1).optional(),
    meaning: "PEM private key file of `TLS_CERT`; the two are set together",
  }),
  AUTH_REQUIRED: setting({
    type: booleanFlag.default(false),
    production: true,
    meaning: "Without it anonymous API requests act as admin (a warning is logged at start)",
  }),
  JWT_SECRET: setting({
    type: z.string().min(32, "must be at least 32 characters").optional(),
    unset: "random per process; required in production",
    meaning: "HS256 secret for login tokens, 32+ characters",
  }),
  JWT_TTL_SECONDS: setting({
    type: z.coerce.number().int().min(60).max(86_400).default(3600),
    meaning: "Lifetime of a login token",
  }),
  CORS_ORIGINS: setting({
    type: commaSeparated.optional(),
    unset: "same origin only",
    meaning: "Comma-separated origins allowed to call the API from a browser",
  }),
  GRAPHIQL: setting({
    type: booleanFlag.default(true),
    production: false,
    meaning: "GraphiQL at `/graphql`",
  }),
  GRAPHQL_INTROSPECTION: setting({
    type: booleanFlag.default(true),
    production: false,
    meaning: "GraphQL schema introspection",
  }),
  GRAPHQL_MAX_DEPTH: setting({
    type: z.coerce.number().int().min(1).default(12),
    meaning: "Query depth limit (graphql-armor)",
  }),
  GRAPHQL_MAX_ALIASES: setting({
    type: z.coerce.number().int().min(1).default(20),
    meaning: "Aliases in one query (graphql-armor)",
  }),
  GRAPHQL_MAX_TOKENS: setting({
    type: z.coerce.number().int().min(1).default(5_000),
    meaning: "Tokens in one query (graphql-armor)",
  }),
  GRAPHQL_MAX_COST: setting({
    type: z.coerce.number().int().min(1).default(50_000),
    meaning:
      "Query cost, counted with variables applied: every object loaded costs 1, a list multiplies its items by its page size (`first`/`last`) or by 10",
  }),
  GRAPHQL_MAX_BATCH: setting({
    type: z.coerce.number().int().min(1).default(10),
    meaning: "Operations in one batched HTTP request",
  }),
  GRAPHQL_MAX_SUBSCRIPTIONS_PER_SOCKET: setting({
    type: z.coerce.number().int().min(1).max(100_000).default(100),
    meaning: "graphql-ws subscriptions one socket may have open; beyond it a subscribe gets `TOO_MANY_SUBSCRIPTIONS`",
  }),
  HTTP_MAX_BODY_BYTES: setting({
    type: z.coerce
      .number()
      .int()
      .min(1024)
      .default(1024 * 1024),
    meaning: "Larger request bodies get 413",
  }),
};

/** The settings by topic, in the order docs/configuration.md shows them. */
export const settingTopics: { title: string; settings: Record<string, Setting> }[] = [
  { title: "Process and ports", settings: processSettings },
  { title: "Database", settings: databaseSettings },
  { title: "OCPP", settings: ocppSettings },
  { title: "Audit log", settings: auditLogSettings },
  { title: "Several instances", settings: clusterSettings },
  { title: "Metrics", settings: metricsSettings },
  { title: "Charger security", settings: chargerSecuritySettings },
  { title: "API security", settings: apiSecuritySettings },
];

export const settings = {
  ...processSettings,
  ...databaseSettings,
  ...ocppSettings,
  ...auditLogSettings,
  ...clusterSettings,
  ...metricsSettings,
  ...chargerSecuritySettings,
  ...apiSecuritySettings,
};

export type SettingName = keyof typeof settings;

/** The environment's values, validated and converted: one per declared setting. */
export type SettingValues = { [Name in SettingName]: z.output<(typeof settings)[Name]["type"]> };

/** The value a variable has when it is unset in this environment, undefined when it has none. */
export function defaultValueOf(declaration: Setting, production: boolean): unknown {
  if (production && declaration.production !== undefined) return declaration.production;
  return declaration.type instanceof z.ZodDefault ? declaration.type.def.defaultValue : undefined;
}
