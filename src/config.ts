import proxyAddress from "proxy-addr";
import { z } from "zod";

const port = z.coerce.number().int().min(0).max(65535);
const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

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

const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: port.default(8000),
  OCPP_PORT: port.default(9000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection string")
    .optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  MIGRATE_ON_START: booleanFlag.default(true),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(DEFAULT_DATABASE_TIMEOUTS.connectMs),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(3_600_000)
    .default(DEFAULT_DATABASE_TIMEOUTS.statementMs),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(3_600_000)
    .default(DEFAULT_DATABASE_TIMEOUTS.idleInTransactionMs),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  HEARTBEAT_INTERVAL: z.coerce.number().int().min(1).max(86_400).default(300),
  OCPP_CALL_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  OCPP_MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(1024 * 1024),
  OCPP_PING_INTERVAL_MS: z.coerce.number().int().min(0).default(30_000),
  OCPP_MAX_BAD_FRAMES_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  // Addresses, CIDR ranges or proxy-addr's names (loopback, linklocal, uniquelocal), comma-separated.
  TRUST_PROXY: z
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
  AUDIT_FLUSH_INTERVAL_MS: z.coerce.number().int().min(1).max(10_000).default(50),
  AUDIT_BUFFER_HIGH_WATER: z.coerce.number().int().min(1).default(100_000),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .optional(),
  REDIS_KEY_PREFIX: z.string().min(1).default("ocpp-central:"),
  REDIS_OWNERSHIP_TTL_SECONDS: z.coerce.number().int().min(2).max(3600).default(30),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  METRICS_ENABLED: booleanFlag.default(true),
  METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{16,256}$/, "must be 16 to 256 printable ASCII characters without spaces")
    .optional(),
  OCPP_ALLOW_UNKNOWN_STATIONS: booleanFlag.optional(),
  OCPP_SECURITY_PROFILE: z.coerce.number().int().min(0).max(2).optional(),
  OCPP_TLS_CERT: z.string().min(1).optional(),
  OCPP_TLS_KEY: z.string().min(1).optional(),
  OCPP_MAX_MESSAGES_PER_SECOND: z.coerce.number().min(1).default(20),
  OCPP_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(5),
  // Configuration keys besides AuthorizationKey whose values are secrets, comma-separated.
  OCPP_SECRET_CONFIGURATION_KEYS: z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((key) => key.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().max(50, "configuration keys have at most 50 characters")))
    .optional(),
  OCPP_PENDING_STATIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  OCPP_PENDING_STATIONS_MAX: z.coerce.number().int().min(1).default(1000),
  TLS_CERT: z.string().min(1).optional(),
  TLS_KEY: z.string().min(1).optional(),
  AUTH_REQUIRED: booleanFlag.optional(),
  JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  CORS_ORIGINS: z.string().optional(),
  GRAPHIQL: booleanFlag.optional(),
  GRAPHQL_INTROSPECTION: booleanFlag.optional(),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).default(12),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(1).default(20),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(1).default(50_000),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(1).default(5_000),
  GRAPHQL_MAX_BATCH: z.coerce.number().int().min(1).default(10),
  GRAPHQL_MAX_SUBSCRIPTIONS_PER_SOCKET: z.coerce.number().int().min(1).max(100_000).default(100),
  HTTP_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  MESSAGE_RETENTION_DAYS: z.coerce
    .number({ error: RETENTION_DAYS_RULE })
    .int(RETENTION_DAYS_RULE)
    .min(1, RETENTION_DAYS_RULE)
    .max(36_500, "must be at most 36500 days (100 years)")
    .optional(),
});

export type Config = {
  env: "development" | "production" | "test";
  host: string;
  httpPort: number;
  ocppPort: number;
  /** Unset means: run the embedded database under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  migrateOnStart: boolean;
  /** Bounds on every database call, so a database that goes away fails calls instead of hanging them. */
  databaseTimeouts: DatabaseTimeouts;
  /** The longest a graceful shutdown may take before the process exits anyway. */
  shutdownTimeoutMs: number;
  heartbeatIntervalSeconds: number;
  ocppCallTimeoutMs: number;
  ocppMaxFrameBytes: number;
  ocppPingIntervalMs: number;
  ocppMaxBadFramesPerMinute: number;
  /** Proxies whose X-Forwarded-For names a charger's address (for per-address limits and the pending list). */
  trustProxy: ((address: string, hop: number) => boolean) | undefined;
  auditFlushIntervalMs: number;
  /** Audit-log entries waiting to be written beyond which chargers' sockets are not read until half are written. */
  auditBufferHighWater: number;
  logLevel: string;
  /** GET /metrics (Prometheus); with a token, scrapes must send it as a Bearer token. */
  metrics: { enabled: boolean; token: string | undefined };
  /** Several instances act as one through Redis: shared events, and commands routed to the socket's holder. */
  redis:
    | {
        url: string;
        keyPrefix: string;
        /**
         * How long a charger stays owned by an instance that stopped refreshing: chargers of a crashed instance are
         * marked disconnected at most about 1.5 times this later.
         */
        ownershipTtlSeconds: number;
      }
    | undefined;
  security: {
    /** Unknown identities are refused at the handshake (and listed as pending) unless this is true. */
    allowUnknownStations: boolean;
    /** 0: no charger authentication; 1: HTTP Basic; 2: HTTP Basic over TLS. */
    ocppSecurityProfile: 0 | 1 | 2;
    ocppTls: { cert: string; key: string } | undefined;
    ocppMaxMessagesPerSecond: number;
    ocppAuthFailuresPerMinute: number;
    /** Configuration keys whose values are write-only, besides AuthorizationKey (see SecretConfigurationKeys). */
    secretConfigurationKeys: string[];
    /** Bounds on the pending-registration list: identities listed per address, and in all. */
    pendingStations: { perAddress: number; total: number };
    httpTls: { cert: string; key: string } | undefined;
    /** False only in development/test unless set: anonymous requests then act as admin. */
    authRequired: boolean;
    jwtSecret: string | undefined;
    jwtTtlSeconds: number;
    corsOrigins: string[] | undefined;
    graphiql: boolean;
    introspection: boolean;
    maxDepth: number;
    maxAliases: number;
    maxCost: number;
    maxTokens: number;
    maxBatch: number;
    /** graphql-ws subscriptions one socket may have open at once. */
    maxSubscriptionsPerSocket: number;
    maxBodyBytes: number;
  };
  /** Audit-log entries older than this many days are pruned in the background; undefined keeps them forever. */
  messageRetentionDays: number | undefined;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment once; a bad value stops the start with a message naming the variable. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(environment).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join(".");
      return `  ${name}=${JSON.stringify(environment[name] ?? "")}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  const pair = (name: string, cert: string | undefined, key: string | undefined) => {
    if (!cert && !key) return undefined;
    if (!cert || !key)
      throw new ConfigError(`Invalid configuration:\n  ${name}_CERT and ${name}_KEY must be set together`);
    return { cert, key };
  };
  const ocppTls = pair("OCPP_TLS", e.OCPP_TLS_CERT, e.OCPP_TLS_KEY);
  const ocppSecurityProfile = (e.OCPP_SECURITY_PROFILE ?? (production ? (ocppTls ? 2 : 1) : 0)) as 0 | 1 | 2;
  if (ocppSecurityProfile === 2 && !ocppTls) {
    throw new ConfigError("Invalid configuration:\n  OCPP_SECURITY_PROFILE=2 needs OCPP_TLS_CERT and OCPP_TLS_KEY");
  }
  const authRequired = e.AUTH_REQUIRED ?? production;
  if (production && !e.JWT_SECRET) {
    throw new ConfigError("Invalid configuration:\n  JWT_SECRET must be set (32+ characters) when NODE_ENV=production");
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    httpPort: e.PORT,
    ocppPort: e.OCPP_PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    migrateOnStart: e.MIGRATE_ON_START,
    databaseTimeouts: {
      connectMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      statementMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
      idleInTransactionMs: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    heartbeatIntervalSeconds: e.HEARTBEAT_INTERVAL,
    ocppCallTimeoutMs: e.OCPP_CALL_TIMEOUT_MS,
    ocppMaxFrameBytes: e.OCPP_MAX_FRAME_BYTES,
    ocppPingIntervalMs: e.OCPP_PING_INTERVAL_MS,
    ocppMaxBadFramesPerMinute: e.OCPP_MAX_BAD_FRAMES_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    auditFlushIntervalMs: e.AUDIT_FLUSH_INTERVAL_MS,
    auditBufferHighWater: e.AUDIT_BUFFER_HIGH_WATER,
    logLevel: e.LOG_LEVEL,
    metrics: { enabled: e.METRICS_ENABLED, token: e.METRICS_TOKEN },
    redis: e.REDIS_URL
      ? { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX, ownershipTtlSeconds: e.REDIS_OWNERSHIP_TTL_SECONDS }
      : undefined,
    security: {
      allowUnknownStations: e.OCPP_ALLOW_UNKNOWN_STATIONS ?? !production,
      ocppSecurityProfile,
      ocppTls,
      ocppMaxMessagesPerSecond: e.OCPP_MAX_MESSAGES_PER_SECOND,
      ocppAuthFailuresPerMinute: e.OCPP_AUTH_FAILURES_PER_MINUTE,
      secretConfigurationKeys: e.OCPP_SECRET_CONFIGURATION_KEYS ?? [],
      pendingStations: { perAddress: e.OCPP_PENDING_STATIONS_PER_ADDRESS, total: e.OCPP_PENDING_STATIONS_MAX },
      httpTls: pair("TLS", e.TLS_CERT, e.TLS_KEY),
      authRequired,
      jwtSecret: e.JWT_SECRET,
      jwtTtlSeconds: e.JWT_TTL_SECONDS,
      corsOrigins: e.CORS_ORIGINS?.split(",")
        .map((origin) => origin.trim())
        .filter(Boolean),
      graphiql: e.GRAPHIQL ?? !production,
      introspection: e.GRAPHQL_INTROSPECTION ?? !production,
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxCost: e.GRAPHQL_MAX_COST,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      maxBatch: e.GRAPHQL_MAX_BATCH,
      maxSubscriptionsPerSocket: e.GRAPHQL_MAX_SUBSCRIPTIONS_PER_SOCKET,
      maxBodyBytes: e.HTTP_MAX_BODY_BYTES,
    },
    messageRetentionDays: e.MESSAGE_RETENTION_DAYS,
  };
}
