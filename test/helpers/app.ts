import { randomUUID } from "node:crypto";
import { RPCClient } from "ocpp-rpc";
import type { RPC_ClientOptions } from "ocpp-rpc/lib/client.js";
import { inject } from "vitest";
import { type App, type AppOptions, startApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";

export type TestApp = App & { graphqlUrl: string; ocppUrl: string };

/** Starts the real server on free loopback ports against the test database. */
export async function startTestApp(
  environment: Record<string, string> = {},
  options: AppOptions = {},
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
  const app = await startApp(config, createLogger(config.logLevel), { resetConnectionsOnStart: false, ...options });
  return {
    ...app,
    graphqlUrl: `http://127.0.0.1:${app.httpPort}/graphql`,
    ocppUrl: `ws://127.0.0.1:${app.ocppPort}`,
  };
}

/** A unique charge point identity, so test files can share one database. */
export const uniqueId = (prefix = "CP") => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A strict ocpp-rpc charge point: it validates everything it sends and receives against the OCPP 1.6 schemas. */
export async function connectChargePoint(app: TestApp, identity = uniqueId(), options: { path?: string } = {}) {
  // ocpp-rpc's typings mark every option required although each has a default.
  const clientOptions: Partial<RPC_ClientOptions> = {
    endpoint: `${app.ocppUrl}${options.path ?? ""}`,
    identity,
    protocols: ["ocpp1.6"],
    strictMode: true,
    reconnect: false,
  };
  const client = new RPCClient(clientOptions as RPC_ClientOptions);
  await client.connect();
  return client;
}

export async function bootChargePoint(app: TestApp, identity = uniqueId()) {
  const client = await connectChargePoint(app, identity);
  await client.call("BootNotification", { chargePointVendor: "Acme", chargePointModel: "Volt 22" });
  return client;
}
