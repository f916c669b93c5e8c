import {
  type DatabaseTimeouts,
  type Setting,
  type SettingValues,
  defaultValueOf,
  settings,
} from "./config/settings.js";

export { DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts } from "./config/settings.js";
import type { OcppSubprotocol } from "./ocpp/subprotocols.js";

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
  /** The subprotocols accepted at the handshake. */
  ocppVersions: OcppSubprotocol[];
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
  return configFrom(settingValuesOf(environment));
}

/** Validates every declared variable; unset and empty ones get their default (their production default in production). */
function settingValuesOf(environment: NodeJS.ProcessEnv): SettingValues {
  const production = environment.NODE_ENV === "production";
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, declaration] of Object.entries(settings) as [string, Setting][]) {
    const text = environment[name] || undefined;
    if (text === undefined) {
      values[name] = defaultValueOf(declaration, production);
      continue;
    }
    const parsed = declaration.type.safeParse(text);
    if (parsed.success) values[name] = parsed.data;
    else problems.push(...parsed.error.issues.map((issue) => `  ${name}=${JSON.stringify(text)}: ${issue.message}`));
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}`);
  return values as SettingValues;
}

/**
 * The typed configuration from the variables' values, with the rules that span several variables. Every declared
 * variable is destructured here, and `unread` must come out empty: a variable declared but not read fails the type
 * check, one destructured but not used fails the lint, and one read but not declared fails the type check.
 */
function configFrom(values: SettingValues): Config {
  const {
    NODE_ENV,
    PORT,
    OCPP_PORT,
    TRUST_PROXY,
    HOST,
    DATABASE_URL,
    DATA_DIR,
    MIGRATE_ON_START,
    DATABASE_CONNECT_TIMEOUT_MS,
    DATABASE_STATEMENT_TIMEOUT_MS,
    DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    SHUTDOWN_TIMEOUT_MS,
    HEARTBEAT_INTERVAL,
    OCPP_CALL_TIMEOUT_MS,
    OCPP_MAX_FRAME_BYTES,
    OCPP_VERSIONS,
    OCPP_PING_INTERVAL_MS,
    OCPP_MAX_BAD_FRAMES_PER_MINUTE,
    AUDIT_FLUSH_INTERVAL_MS,
    AUDIT_BUFFER_HIGH_WATER,
    MESSAGE_RETENTION_DAYS,
    REDIS_URL,
    REDIS_KEY_PREFIX,
    REDIS_OWNERSHIP_TTL_SECONDS,
    LOG_LEVEL,
    METRICS_ENABLED,
    METRICS_TOKEN,
    OCPP_ALLOW_UNKNOWN_STATIONS,
    OCPP_SECURITY_PROFILE,
    OCPP_TLS_CERT,
    OCPP_TLS_KEY,
    TLS_CERT,
    TLS_KEY,
    OCPP_MAX_MESSAGES_PER_SECOND,
    OCPP_AUTH_FAILURES_PER_MINUTE,
    OCPP_SECRET_CONFIGURATION_KEYS,
    OCPP_PENDING_STATIONS_PER_ADDRESS,
    OCPP_PENDING_STATIONS_MAX,
    AUTH_REQUIRED,
    JWT_SECRET,
    JWT_TTL_SECONDS,
    CORS_ORIGINS,
    GRAPHIQL,
    GRAPHQL_INTROSPECTION,
    GRAPHQL_MAX_DEPTH,
    GRAPHQL_MAX_ALIASES,
    GRAPHQL_MAX_TOKENS,
    GRAPHQL_MAX_COST,
    GRAPHQL_MAX_BATCH,
    GRAPHQL_MAX_SUBSCRIPTIONS_PER_SOCKET,
    HTTP_MAX_BODY_BYTES,
    ...unread
  } = values;
  const _everyVariableRead: Record<string, never> = unread;

  const production = NODE_ENV === "production";
  const pair = (name: string, cert: string | undefined, key: string | undefined) => {
    if (!cert && !key) return undefined;
    if (!cert || !key)
      throw new ConfigError(`Invalid configuration:\n  ${name}_CERT and ${name}_KEY must be set together`);
    return { cert, key };
  };
  const ocppTls = pair("OCPP_TLS", OCPP_TLS_CERT, OCPP_TLS_KEY);
  const ocppSecurityProfile = (OCPP_SECURITY_PROFILE ?? (production ? (ocppTls ? 2 : 1) : 0)) as 0 | 1 | 2;
  if (ocppSecurityProfile === 2 && !ocppTls) {
    throw new ConfigError("Invalid configuration:\n  OCPP_SECURITY_PROFILE=2 needs OCPP_TLS_CERT and OCPP_TLS_KEY");
  }
  if (production && !JWT_SECRET) {
    throw new ConfigError("Invalid configuration:\n  JWT_SECRET must be set (32+ characters) when NODE_ENV=production");
  }
  return {
    env: NODE_ENV,
    host: HOST,
    httpPort: PORT,
    ocppPort: OCPP_PORT,
    databaseUrl: DATABASE_URL,
    dataDir: DATA_DIR,
    migrateOnStart: MIGRATE_ON_START,
    databaseTimeouts: {
      connectMs: DATABASE_CONNECT_TIMEOUT_MS,
      statementMs: DATABASE_STATEMENT_TIMEOUT_MS,
      idleInTransactionMs: DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS,
    heartbeatIntervalSeconds: HEARTBEAT_INTERVAL,
    ocppCallTimeoutMs: OCPP_CALL_TIMEOUT_MS,
    ocppMaxFrameBytes: OCPP_MAX_FRAME_BYTES,
    ocppVersions: OCPP_VERSIONS,
    ocppPingIntervalMs: OCPP_PING_INTERVAL_MS,
    ocppMaxBadFramesPerMinute: OCPP_MAX_BAD_FRAMES_PER_MINUTE,
    trustProxy: TRUST_PROXY,
    auditFlushIntervalMs: AUDIT_FLUSH_INTERVAL_MS,
    auditBufferHighWater: AUDIT_BUFFER_HIGH_WATER,
    logLevel: LOG_LEVEL,
    metrics: { enabled: METRICS_ENABLED, token: METRICS_TOKEN },
    redis: REDIS_URL
      ? { url: REDIS_URL, keyPrefix: REDIS_KEY_PREFIX, ownershipTtlSeconds: REDIS_OWNERSHIP_TTL_SECONDS }
      : undefined,
    security: {
      allowUnknownStations: OCPP_ALLOW_UNKNOWN_STATIONS,
      ocppSecurityProfile,
      ocppTls,
      ocppMaxMessagesPerSecond: OCPP_MAX_MESSAGES_PER_SECOND,
      ocppAuthFailuresPerMinute: OCPP_AUTH_FAILURES_PER_MINUTE,
      secretConfigurationKeys: OCPP_SECRET_CONFIGURATION_KEYS ?? [],
      pendingStations: { perAddress: OCPP_PENDING_STATIONS_PER_ADDRESS, total: OCPP_PENDING_STATIONS_MAX },
      httpTls: pair("TLS", TLS_CERT, TLS_KEY),
      authRequired: AUTH_REQUIRED,
      jwtSecret: JWT_SECRET,
      jwtTtlSeconds: JWT_TTL_SECONDS,
      corsOrigins: CORS_ORIGINS,
      graphiql: GRAPHIQL,
      introspection: GRAPHQL_INTROSPECTION,
      maxDepth: GRAPHQL_MAX_DEPTH,
      maxAliases: GRAPHQL_MAX_ALIASES,
      maxCost: GRAPHQL_MAX_COST,
      maxTokens: GRAPHQL_MAX_TOKENS,
      maxBatch: GRAPHQL_MAX_BATCH,
      maxSubscriptionsPerSocket: GRAPHQL_MAX_SUBSCRIPTIONS_PER_SOCKET,
      maxBodyBytes: HTTP_MAX_BODY_BYTES,
    },
    messageRetentionDays: MESSAGE_RETENTION_DAYS,
  };
}
