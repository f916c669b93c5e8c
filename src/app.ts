import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
import type { Config } from "./config.js";
import { createDatabase, type Database } from "./db/client.js";
import { startEmbeddedDatabase } from "./db/embedded.js";
import { applyPendingMigrations } from "./db/migrate.js";
import { AuditLog } from "./domain/audit-log.js";
import { AuthorizationService } from "./domain/authorization.js";
import { ChargingProfileService } from "./domain/charging-profiles.js";
import { ConfigurationService } from "./domain/configuration.js";
import { LocalAuthListService } from "./domain/local-auth-list.js";
import { RemoteControlService } from "./domain/remote-control.js";
import { ReservationService } from "./domain/reservations.js";
import { StationService } from "./domain/stations.js";
import { TransactionService } from "./domain/transactions.js";
import { createEventBus, type EventBus } from "./events/event-bus.js";
import { createGraphQLServer } from "./graphql/yoga.js";
import { createHttpServer } from "./http-server.js";
import { createChargePointHandlers, type VendorDataTransferHandler } from "./ocpp/handlers/index.js";
import { OcppServer } from "./ocpp/server.js";

export type App = {
  httpPort: number;
  ocppPort: number;
  db: Database;
  events: EventBus;
  ocpp: OcppServer;
  audit: AuditLog;
  /** Stops accepting, closes charger sockets, writes the rest of the audit log, then closes the database. */
  close(): Promise<void>;
};

const RESERVATION_SWEEP_INTERVAL_MS = 30_000;

export type AppOptions = { dataTransferHandlers?: ReadonlyMap<string, VendorDataTransferHandler> };

export async function startApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  const embedded = config.databaseUrl ? undefined : await startEmbeddedDatabase(config.dataDir);
  if (embedded) logger.info({ dataDir: config.dataDir }, "DATABASE_URL not set: using the embedded database");
  const databaseUrl = config.databaseUrl ?? embedded!.url;

  if (config.migrateOnStart) {
    await applyPendingMigrations(databaseUrl);
    logger.info("Database migrations are up to date");
  }

  // The embedded database serves one query at a time anyway; a small pool avoids queueing in its multiplexer.
  const db = createDatabase(databaseUrl, { maxConnections: embedded ? 4 : 10 });
  const events = createEventBus();
  const stations = new StationService(db, events);
  const authorization = new AuthorizationService(db);
  const transactions = new TransactionService(db, events, authorization);
  const audit = new AuditLog(db, events, logger.child({ component: "audit-log" }), {
    flushIntervalMs: config.auditFlushIntervalMs,
  });

  const reset = await stations.markAllDisconnected();
  if (reset > 0) logger.info({ stations: reset }, "Marked stations disconnected after restart");

  const ocpp = new OcppServer({
    host: config.host,
    port: config.ocppPort,
    callTimeoutMs: config.ocppCallTimeoutMs,
    maxFrameBytes: config.ocppMaxFrameBytes,
    pingIntervalMs: config.ocppPingIntervalMs,
    maxBadFramesPerMinute: config.ocppMaxBadFramesPerMinute,
    logger: logger.child({ component: "ocpp" }),
    recordFrame: (frame) => audit.record(frame),
    handlers: createChargePointHandlers({
      stations,
      transactions,
      authorization,
      heartbeatIntervalSeconds: config.heartbeatIntervalSeconds,
      dataTransferHandlers: options.dataTransferHandlers ?? new Map(),
    }),
    onConnect: (connection) => stations.connected(connection.chargePointId, connection.connectedAt),
    onDisconnect: (connection, { replaced }) =>
      replaced ? undefined : stations.disconnected(connection.chargePointId, new Date()),
  });

  const commands = {
    remoteControl: new RemoteControlService(db, ocpp),
    configuration: new ConfigurationService(db, events, ocpp),
    reservations: new ReservationService(db, ocpp),
    chargingProfiles: new ChargingProfileService(db, ocpp),
    localAuthList: new LocalAuthListService(db, ocpp),
  };
  const expireReservations = setInterval(() => {
    commands.reservations.expireOverdue().catch((error: unknown) => logger.error({ err: error }, "Reservation expiry failed"));
  }, RESERVATION_SWEEP_INTERVAL_MS);
  expireReservations.unref();

  const yoga = createGraphQLServer({ db, events, commands }, { graphiql: config.env !== "production" });
  const http = createHttpServer(yoga, db, { webRoot: fileURLToPath(new URL("../web/dist", import.meta.url)) });

  const ocppPort = await ocpp.listen();
  const httpPort = await http.listen(config.httpPort, config.host);
  logger.info({ httpPort, ocppPort }, "Central system ready");

  return {
    httpPort,
    ocppPort,
    db,
    events,
    ocpp,
    audit,
    async close() {
      clearInterval(expireReservations);
      await ocpp.close();
      await http.close();
      await audit.close();
      await db.$disconnect();
      await embedded?.close();
    },
  };
}
