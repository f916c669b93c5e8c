import { z } from "zod";

const port = z.coerce.number().int().min(0).max(65535);
const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

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
  HEARTBEAT_INTERVAL: z.coerce.number().int().min(1).max(86_400).default(300),
  OCPP_CALL_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  OCPP_MAX_FRAME_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(1024 * 1024),
  OCPP_PING_INTERVAL_MS: z.coerce.number().int().min(0).default(30_000),
  OCPP_MAX_BAD_FRAMES_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  AUDIT_FLUSH_INTERVAL_MS: z.coerce.number().int().min(1).max(10_000).default(50),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
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
  heartbeatIntervalSeconds: number;
  ocppCallTimeoutMs: number;
  ocppMaxFrameBytes: number;
  ocppPingIntervalMs: number;
  ocppMaxBadFramesPerMinute: number;
  auditFlushIntervalMs: number;
  logLevel: string;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment once; a bad value stops the start with a message naming the variable. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join(".");
      return `  ${name}=${JSON.stringify(environment[name] ?? "")}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    httpPort: e.PORT,
    ocppPort: e.OCPP_PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    migrateOnStart: e.MIGRATE_ON_START,
    heartbeatIntervalSeconds: e.HEARTBEAT_INTERVAL,
    ocppCallTimeoutMs: e.OCPP_CALL_TIMEOUT_MS,
    ocppMaxFrameBytes: e.OCPP_MAX_FRAME_BYTES,
    ocppPingIntervalMs: e.OCPP_PING_INTERVAL_MS,
    ocppMaxBadFramesPerMinute: e.OCPP_MAX_BAD_FRAMES_PER_MINUTE,
    auditFlushIntervalMs: e.AUDIT_FLUSH_INTERVAL_MS,
    logLevel: e.LOG_LEVEL,
  };
}
