import { randomUUID } from "node:crypto";
import { RPCClient } from "ocpp-rpc";
import type { RPC_ClientOptions } from "ocpp-rpc/lib/client.js";
import type { DestinationStream } from "pino";
import { inject } from "vitest";
import { type App, type AppOptions, startApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import type { InProcessGraphQL } from "./graphql.js";

export type TestApp = App & {
  /** /graphql over HTTP, through the whole HTTP server. */
  graphqlUrl: string;
  /** The same GraphQL server called in process (see GraphQLTarget in ./graphql.ts): for tests of GraphQL alone. */
  graphqlInProcess: InProcessGraphQL;
  ocppUrl: string;
};

export type TestAppOptions = AppOptions & {
  /** Where log lines go (JSON, one per write) instead of stdout, for tests that read them. */
  logDestination?: DestinationStream;
};

/** Starts the real server on free loopback ports against the test database. */
export async function startTestApp(
  environment: Record<string, string> = {},
  { logDestination, ...options }: TestAppOptions = {},
): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: "test",
    DATABASE_URL: inject("databaseUrl"),
    HOST: "127.0.0.1",
    PORT: "0",
    OCPP_PORT: "0",
    MIGRATE_ON_START: "false",
    AUDIT_FLUSH_INTERVAL_MS: "10",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    ...environment,
  });
  // Test files share one database and run side by side: one server's start must not disconnect another's chargers.
  const app = await startApp(config, createLogger(config.logLevel, logDestination), {
    resetConnectionsOnStart: false,
    ...options,
  });
  return {
    ...app,
    graphqlUrl: `http://127.0.0.1:${app.httpPort}/graphql`,
    graphqlInProcess: { fetch: (url, init) => app.yoga.fetch(url, init) },
    ocppUrl: `ws://127.0.0.1:${app.ocppPort}`,
  };
}

/** A unique charge point identity, so test files can share one database. */
export const uniqueId = (prefix = "CP") => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Where a test charger connects: a test app, a server process (test/helpers/server-process.ts) or a ws:// URL. */
export type ChargerTarget = string | { ocppUrl: string } | { ocppPort: number };

export type ChargePointOptions = Partial<RPC_ClientOptions> & {
  /** Appended to the endpoint (`/<identity>` is added by ocpp-rpc after it). */
  path?: string;
};

const endpointOf = (target: ChargerTarget) =>
  typeof target === "string" ? target : "ocppUrl" in target ? target.ocppUrl : `ws://127.0.0.1:${target.ocppPort}`;

/**
 * The one way tests connect a charger: a strict ocpp-rpc charge point that validates everything it sends and receives
 * against the OCPP 1.6 schemas (or 2.0.1's, with `protocols: ["ocpp2.0.1"]`: see connectStation201). `options` override any ocpp-rpc option (password, wsOpts, callTimeoutMs, ...).
 * Chargers that must send what no OCPP library would stay raw (test/helpers/raw-socket.ts).
 */
export async function connectChargePoint(
  target: ChargerTarget,
  identity = uniqueId(),
  options: ChargePointOptions = {},
) {
  const { path = "", ...overrides } = options;
  // ocpp-rpc's typings mark every option required although each has a default.
  const clientOptions: Partial<RPC_ClientOptions> = {
    endpoint: `${endpointOf(target)}${path}`,
    identity,
    protocols: ["ocpp1.6"],
    strictMode: true,
    reconnect: false,
    ...overrides,
  };
  const client = new RPCClient(clientOptions as RPC_ClientOptions);
  await client.connect();
  return client;
}

/** A strict OCPP 2.0.1 charging station, connected (no BootNotification sent yet). */
export function connectStation201(target: ChargerTarget, identity = uniqueId(), options: ChargePointOptions = {}) {
  return connectChargePoint(target, identity, { protocols: ["ocpp2.0.1"], ...options });
}

/** A BootNotification of a 2.0.1 station, as a power-up sends it. */
export const bootRequest201 = {
  reason: "PowerUp",
  chargingStation: { vendorName: "Acme Charging Systems", model: "Volt 22", serialNumber: "SN-201" },
};

/** A strict OCPP 2.0.1 charging station whose BootNotification was answered (Accepted unless held back). */
export async function bootStation201(target: ChargerTarget, identity = uniqueId(), options: ChargePointOptions = {}) {
  const client = await connectStation201(target, identity, options);
  await client.call("BootNotification", bootRequest201);
  return client;
}

/** A connected charge point that has been accepted with a BootNotification. */
export async function bootChargePoint(target: ChargerTarget, identity = uniqueId(), options: ChargePointOptions = {}) {
  const client = await connectChargePoint(target, identity, options);
  await client.call("BootNotification", { chargePointVendor: "Acme", chargePointModel: "Volt 22" });
  return client;
}
