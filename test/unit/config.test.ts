import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

/** Calls loadConfig on an environment that must be refused and returns the ConfigError. */
function refusalOf(environment: Record<string, string>): ConfigError {
  try {
    loadConfig(environment);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(environment)}`);
}

describe("loadConfig defaults", () => {
  it("serves GraphQL on 8000, OCPP on 9000, asks for a heartbeat every 300 s and migrates on start", () => {
    const config = loadConfig({});
    expect(config.httpPort).toBe(8000);
    expect(config.ocppPort).toBe(9000);
    expect(config.heartbeatIntervalSeconds).toBe(300);
    expect(config.migrateOnStart).toBe(true);
  });

  it("leaves databaseUrl undefined so the embedded database is used", () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
  });

  it("uses the documented defaults for everything else", () => {
    expect(loadConfig({})).toMatchObject({
      env: "development",
      host: "0.0.0.0",
      httpPort: 8000,
      ocppPort: 9000,
      databaseUrl: undefined,
      dataDir: "./data",
      migrateOnStart: true,
      heartbeatIntervalSeconds: 300,
      ocppCallTimeoutMs: 30_000,
      ocppMaxFrameBytes: 1024 * 1024,
      ocppPingIntervalMs: 30_000,
      ocppMaxBadFramesPerMinute: 20,
      auditFlushIntervalMs: 50,
      logLevel: "info",
      databaseTimeouts: { connectMs: 5_000, statementMs: 30_000, idleInTransactionMs: 60_000 },
      shutdownTimeoutMs: 30_000,
    });
  });

  it("treats empty variables as unset", () => {
    const config = loadConfig({ PORT: "", DATABASE_URL: "", MIGRATE_ON_START: "" });
    expect(config.httpPort).toBe(8000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.migrateOnStart).toBe(true);
  });

  it("ignores unrelated variables", () => {
    expect(() => loadConfig({ PATH: "/usr/bin", HOME: "/root" })).not.toThrow();
  });
});

describe("loadConfig overrides", () => {
  it.each([
    ["false", false],
    ["0", false],
    ["no", false],
    ["true", true],
    ["1", true],
    ["yes", true],
  ])("reads MIGRATE_ON_START=%s as %s", (value, expected) => {
    expect(loadConfig({ MIGRATE_ON_START: value }).migrateOnStart).toBe(expected);
  });

  it("reads numbers, the database URL and the log level from the environment", () => {
    const config = loadConfig({
      PORT: "8080",
      OCPP_PORT: "0",
      HEARTBEAT_INTERVAL: "60",
      DATABASE_URL: "postgresql://user@db:5432/ocpp",
      OCPP_MAX_FRAME_BYTES: "2048",
      OCPP_MAX_BAD_FRAMES_PER_MINUTE: "5",
      LOG_LEVEL: "debug",
      NODE_ENV: "test",
    });
    expect(config).toMatchObject({
      httpPort: 8080,
      ocppPort: 0,
      heartbeatIntervalSeconds: 60,
      databaseUrl: "postgresql://user@db:5432/ocpp",
      ocppMaxFrameBytes: 2048,
      ocppMaxBadFramesPerMinute: 5,
      logLevel: "debug",
      env: "test",
    });
  });

  it("accepts the postgres:// spelling of the database URL too", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://localhost/ocpp" }).databaseUrl).toBe("postgres://localhost/ocpp");
  });
});

describe("loadConfig refuses bad values with a ConfigError naming the variable", () => {
  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["OCPP_PORT", "-1"],
    ["HEARTBEAT_INTERVAL", "0"],
    ["LOG_LEVEL", "loud"],
    ["DATABASE_URL", "mysql://x"],
    ["MIGRATE_ON_START", "maybe"],
    ["OCPP_MAX_FRAME_BYTES", "10"],
    ["NODE_ENV", "staging"],
  ])("%s=%s", (name, value) => {
    const error = refusalOf({ [name]: value });
    expect(error.name).toBe("ConfigError");
    expect(error.message).toContain(`${name}=${JSON.stringify(value)}`);
  });

  it("names every bad variable when several are wrong", () => {
    const error = refusalOf({ PORT: "abc", LOG_LEVEL: "loud", DATABASE_URL: "mysql://x" });
    expect(error.message).toContain("PORT=");
    expect(error.message).toContain("LOG_LEVEL=");
    expect(error.message).toContain("DATABASE_URL=");
  });

  it("does not blame variables that are fine", () => {
    const error = refusalOf({ PORT: "abc", OCPP_PORT: "9001" });
    expect(error.message).not.toContain("OCPP_PORT");
  });
});

describe("loadConfig names a list variable itself when one of its items is wrong", () => {
  it("quotes OCPP_SECRET_CONFIGURATION_KEYS as set, not a path into its parsed list", () => {
    const value = `VendorSecret,${"x".repeat(51)}`;
    const error = refusalOf({ OCPP_SECRET_CONFIGURATION_KEYS: value });
    expect(error.message).toContain(`OCPP_SECRET_CONFIGURATION_KEYS=${JSON.stringify(value)}: `);
  });
});

describe("loadConfig in production", () => {
  const JWT_SECRET = "a-secret-of-at-least-32-characters!";

  it("switches the security defaults to their strict values", () => {
    expect(loadConfig({ NODE_ENV: "production", JWT_SECRET }).security).toMatchObject({
      allowUnknownStations: false,
      ocppSecurityProfile: 1,
      authRequired: true,
      graphiql: false,
      introspection: false,
    });
    expect(loadConfig({}).security).toMatchObject({
      allowUnknownStations: true,
      ocppSecurityProfile: 0,
      authRequired: false,
      graphiql: true,
      introspection: true,
    });
  });

  it("keeps a value that is set over the production default", () => {
    const config = loadConfig({ NODE_ENV: "production", JWT_SECRET, AUTH_REQUIRED: "false", GRAPHIQL: "yes" });
    expect(config.security).toMatchObject({ authRequired: false, graphiql: true, introspection: false });
  });

  it("uses security profile 2 when the OCPP port has a certificate", () => {
    const tls = { OCPP_TLS_CERT: "cert.pem", OCPP_TLS_KEY: "key.pem" };
    const config = loadConfig({ NODE_ENV: "production", JWT_SECRET, ...tls });
    expect(config.security).toMatchObject({ ocppSecurityProfile: 2, ocppTls: { cert: "cert.pem", key: "key.pem" } });
  });

  it("refuses to start without JWT_SECRET", () => {
    expect(refusalOf({ NODE_ENV: "production" }).message).toContain("JWT_SECRET must be set");
  });
});

describe("loadConfig rules across variables", () => {
  it.each([
    [{ OCPP_TLS_CERT: "cert.pem" }, "OCPP_TLS_CERT and OCPP_TLS_KEY must be set together"],
    [{ TLS_KEY: "key.pem" }, "TLS_CERT and TLS_KEY must be set together"],
    [{ OCPP_SECURITY_PROFILE: "2" }, "OCPP_SECURITY_PROFILE=2 needs OCPP_TLS_CERT and OCPP_TLS_KEY"],
  ])("%j is refused: %s", (environment, message) => {
    expect(refusalOf(environment).message).toContain(message);
  });
});
