import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
import { Authenticator } from "./auth/authenticator.js";
import { TokenService } from "./auth/tokens.js";
import type { Config } from "./config.js";
import { createDatabase, DatabaseProbe, databasePool, type Database } from "./db/client.js";
import { Sql } from "./db/sql.js";
import { ChargingProfileStore } from "./db/stores/charging-profiles.js";
import { IdTagStore } from "./db/stores/id-tags.js";
import { ReservationStore } from "./db/stores/reservations.js";
import { TransactionStore } from "./db/stores/transactions.js";
import { startEmbeddedDatabase } from "./db/embedded.js";
import { applyPendingMigrations } from "./db/migrate.js";
import { AuditStore } from "./db/stores/audit.js";
import { StationStore } from "./db/stores/stations.js";
import { DeviceModelStore } from "./db/stores/device-model.js";
import { StationEventStore } from "./db/stores/station-events.js";
import { AuditLog } from "./features/audit/audit-log.js";
import { AuthorizationService } from "./features/authorization/authorization-service.js";
import { ChargingProfileService } from "./features/smart-charging/charging-profile-service.js";
import { ConfigurationService } from "./features/configuration/configuration-service.js";
import { IdTagService } from "./features/authorization/id-tag-service.js";
import { LocalAuthListService } from "./features/local-list/local-list-service.js";
import { MessageRetention } from "./features/audit/message-retention.js";
import { FirmwareService } from "./features/firmware/firmware-service.js";
import { RemoteControlService } from "./features/remote-control/remote-control-service.js";
import { currentActor } from "./features/actor.js";
import type { ChargePointCommands } from "./ocpp/charge-point-commands.js";
import { ReservationService } from "./features/reservations/reservation-service.js";
import { SecretConfigurationKeys } from "./features/configuration/secret-configuration.js";
import { StationAccessService } from "./features/access/station-access-service.js";
import { UserService } from "./features/access/user-service.js";
import { StateWriter } from "./db/state-writer.js";
import { StationService } from "./features/stations/station-service.js";
import { DeviceModelService } from "./features/device-model/device-model-service.js";
import { StationEventService } from "./features/station-events/station-event-service.js";
import { TransactionService } from "./features/transactions/transaction-service.js";
import { Cluster } from "./cluster/cluster.js";
import { createRedisClients } from "./cluster/redis.js";
import { createEventBus } from "./events/event-bus.js";
import { createRedisEventBus } from "./events/redis-event-bus.js";
import { type EventStreams, eventStreams } from "./graphql/event-streams.js";
import { createGraphQLServer, type GraphQLServer } from "./graphql/yoga.js";
import { createHttpServer } from "./http-server.js";
import { AppMetrics } from "./metrics.js";
import { createChargePointHandlers, type VendorDataTransferHandler } from "./ocpp/v16/handlers/index.js";
import { createStationHandlers201 } from "./ocpp/v201/handlers/index.js";
import { RegistrationGate } from "./ocpp/v201/registration.js";
import { type OcppProtocol, ocppProtocol } from "./ocpp/protocol.js";
import { OcppServer } from "./ocpp/server.js";
import { configurationCommands } from "./ocpp/v16/commands/configuration.js";
import { localListCommands } from "./ocpp/v16/commands/local-list.js";
import { firmwareCommands } from "./ocpp/v16/commands/firmware.js";
import { remoteControlCommands } from "./ocpp/v16/commands/remote-control.js";
import { reservationCommands } from "./ocpp/v16/commands/reservations.js";
import { smartChargingCommands } from "./ocpp/v16/commands/smart-charging.js";

export type App = {
  httpPort: number;
  ocppPort: number;
  db: Database;
  /** The domain's events as subscription streams, as the GraphQL API serves them. */
  events: EventStreams;
  ocpp: OcppServer;
  audit: AuditLog;
  /** The GraphQL server behind /graphql; `yoga.fetch` runs an operation in process (no socket, no HTTP limits). */
  yoga: GraphQLServer;
  /** Prometheus metrics of this instance; undefined when METRICS_ENABLED=false. */
  metrics: AppMetrics | undefined;
  /** Stops accepting, closes charger sockets, writes the rest of the audit log, then closes the database. */
  close(): Promise<void>;
};

const RESERVATION_SWEEP_INTERVAL_MS = 30_000;
/** GET /health answers within about this long, also while the database does not answer at all. */
const HEALTH_PROBE_TIMEOUT_MS = 800;

export type AppOptions = {
  dataTransferHandlers?: ReadonlyMap<string, VendorDataTransferHandler>;
  /**
   * Whether to mark stations disconnected at start when no socket can be open yet (true). Tests that run several
   * servers on one database turn it off, so one server's start does not disconnect another's chargers.
   */
  resetConnectionsOnStart?: boolean;
};

export async function startApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedDatabase(config.dataDir, { idleInTransactionMs: config.databaseTimeouts.idleInTransactionMs });
  if (embedded) logger.info({ dataDir: config.dataDir }, "DATABASE_URL not set: using the embedded database");
  const databaseUrl = config.databaseUrl ?? embedded!.url;

  if (config.migrateOnStart) {
    await applyPendingMigrations(databaseUrl);
    logger.info("Database migrations are up to date");
  }

  // The embedded database serves one connection at a time anyway (see SessionGateway): a small pool is enough.
  const db = createDatabase(databaseUrl, {
    maxConnections: embedded ? 4 : 10,
    timeouts: config.databaseTimeouts,
    onIdleConnectionError: (error) => logger.warn({ err: error }, "An idle database connection was dropped"),
  });
  const probe = new DatabaseProbe(databaseUrl, HEALTH_PROBE_TIMEOUT_MS);
  const metrics = config.metrics.enabled ? new AppMetrics() : undefined;
  const redis = config.redis && createRedisClients(config.redis.url);
  const events = redis
    ? createRedisEventBus(redis.commands, redis.eventSubscriber, `${config.redis!.keyPrefix}events:`)
    : createEventBus();
  let cluster: Cluster | undefined;
  const sql = Sql.of(db);
  const auditStore = new AuditStore(db, events);
  const stationStore = new StationStore(db, sql, events);
  const audit = new AuditLog(auditStore, logger.child({ component: "audit-log" }), {
    flushIntervalMs: config.auditFlushIntervalMs,
    highWaterMark: config.auditBufferHighWater,
    // Chargers wait (their sockets are not read) rather than the audit log forgetting what they said.
    onBackpressure: (holdBack) => ocpp.setReadingPaused(holdBack),
    onFlush: metrics && ((rows, durationMs) => metrics.onAuditFlush(rows, durationMs)),
    onClaimsStored: metrics && ((rows) => metrics.onAuditRowsStored(rows)),
  });
  const transactionStore = new TransactionStore(db, sql, events);
  const writer = new StateWriter(sql, stationStore, transactionStore, logger.child({ component: "state-writer" }), {
    audit,
    onBatch: metrics && ((size, durationMs) => metrics.onStateBatch(size, durationMs)),
  });
  const stations = new StationService(stationStore, writer, audit);
  const deviceModelStore = new DeviceModelStore(sql);
  const deviceModel = new DeviceModelService(deviceModelStore, audit);
  const stationEvents = new StationEventService(new StationEventStore(sql, events), deviceModelStore, audit);
  const idTagStore = new IdTagStore(db, sql);
  const authorization = new AuthorizationService(idTagStore);
  // An admin closing a transaction is logged beside the station's frames, with who did it (not a frame: no type).
  const transactions = new TransactionService(transactionStore, authorization, writer, audit, (entry) =>
    audit.record({
      ...entry,
      direction: "OUTBOUND",
      messageType: null,
      uniqueId: null,
      raw: JSON.stringify(entry.payload),
      errorCode: null,
      errorDescription: null,
      actor: currentActor() ?? null,
      at: new Date(),
    }),
  );

  const { security } = config;
  const secrets = new SecretConfigurationKeys(security.secretConfigurationKeys);
  // Failure limits are shared by every instance of a cluster (see failureLimiter).
  const limiterStore = redis ? { redis: redis.commands, keyPrefix: config.redis!.keyPrefix } : undefined;
  const stationAccess = new StationAccessService(
    stationStore,
    {
      allowUnknownStations: security.allowUnknownStations,
      securityProfile: security.ocppSecurityProfile,
      authFailuresPerMinute: security.ocppAuthFailuresPerMinute,
      pendingStations: security.pendingStations,
    },
    logger.child({ component: "station-access" }),
    limiterStore,
  );
  const readTls = (tls: { cert: string; key: string } | undefined) =>
    // The paths come from the operator's configuration, not from requests.
    // eslint-disable-next-line security/detect-non-literal-fs-filename
    tls && { cert: readFileSync(tls.cert), key: readFileSync(tls.key) };

  // Commands are attributed to whoever asked for them (see withActor) in the audit log.
  // With a cluster, a command for a charger held by another instance is routed there. The router is looked up per
  // command: the services are built before the OCPP server and the cluster, which exist before any command is sent.
  const router = () => cluster ?? ocpp;
  const chargePoints: ChargePointCommands = {
    send: (chargePointId, action, request) => router().send(chargePointId, action, request, { actor: currentActor() }),
    assertSendable: async (chargePointId, action, request) => router().assertSendable(chargePointId, action, request),
  };
  // 2.0.1 stations report how their reservations ended, so the OCPP server needs the reservations service.
  const reservations = new ReservationService(new ReservationStore(db), reservationCommands(chargePoints));
  const registrations = new RegistrationGate();
  const protocols: Record<OcppProtocol["subprotocol"], () => OcppProtocol> = {
    "ocpp1.6": () =>
      ocppProtocol(
        "ocpp1.6",
        createChargePointHandlers({
          stations,
          transactions,
          authorization,
          stationEvents,
          heartbeatIntervalSeconds: config.heartbeatIntervalSeconds,
          dataTransferHandlers: options.dataTransferHandlers ?? new Map(),
        }),
      ),
    "ocpp2.0.1": () =>
      ocppProtocol(
        "ocpp2.0.1",
        createStationHandlers201({
          stations,
          transactions,
          authorization,
          reservations,
          registrations,
          deviceModel,
          stationEvents,
          heartbeatIntervalSeconds: config.heartbeatIntervalSeconds,
          dataTransferHandlers: options.dataTransferHandlers ?? new Map(),
        }),
        registrations.admits,
      ),
  };
  const ocpp = new OcppServer({
    host: config.host,
    port: config.ocppPort,
    callTimeoutMs: config.ocppCallTimeoutMs,
    maxFrameBytes: config.ocppMaxFrameBytes,
    pingIntervalMs: config.ocppPingIntervalMs,
    maxBadFramesPerMinute: config.ocppMaxBadFramesPerMinute,
    maxMessagesPerSecond: security.ocppMaxMessagesPerSecond,
    tls: readTls(security.ocppTls),
    trustProxy: config.trustProxy,
    authorizeHandshake: (handshake) => stationAccess.check(handshake),
    logger: logger.child({ component: "ocpp" }),
    // Secret configuration values are replaced before a frame is recorded anywhere (see SecretConfigurationKeys).
    recordFrame: metrics
      ? (frame) => {
          const recorded = secrets.redactFrame(frame);
          metrics.onFrame(recorded);
          audit.record(recorded);
        }
      : (frame) => audit.record(secrets.redactFrame(frame)),
    observer: metrics,
    protocols: config.ocppVersions.map((version) => protocols[version]()),
    onConnect: async (connection) => {
      const { chargePointId, subprotocol } = connection;
      await cluster?.claim(chargePointId);
      const ocppVersion = subprotocol === "ocpp2.0.1" ? "OCPP201" : "OCPP16";
      const [registration] = await Promise.all([
        subprotocol === "ocpp2.0.1" ? stations.registrationStatus(chargePointId) : null,
        stations.connected(chargePointId, connection.connectedAt, ocppVersion),
      ]);
      if (subprotocol === "ocpp2.0.1") registrations.connected(chargePointId, registration);
    },
    onDisconnect: async (connection, { replaced }) => {
      if (replaced) return;
      registrations.disconnected(connection.chargePointId);
      await cluster?.release(connection.chargePointId);
      await stations.disconnected(connection.chargePointId, new Date());
    },
  });
  if (redis) {
    cluster = new Cluster(redis.commands, redis.clusterSubscriber, ocpp, logger.child({ component: "cluster" }), {
      keyPrefix: config.redis!.keyPrefix,
      callTimeoutMs: config.ocppCallTimeoutMs,
      ownershipTtlSeconds: config.redis!.ownershipTtlSeconds,
    });
    await cluster.start();
    logger.info({ instanceId: cluster.instanceId }, "Joined the cluster through Redis");
  }
  // After a restart no socket is open here; with a cluster, other instances may still hold some.
  const reset =
    options.resetConnectionsOnStart === false
      ? 0
      : cluster
        ? await stations.markDisconnectedUnlessHeld((ids) => cluster!.heldOf(ids))
        : await stations.markAllDisconnected();
  if (reset > 0) logger.info({ stations: reset }, "Marked stations disconnected after restart");
  // An instance that crashed cannot mark its chargers disconnected: once its ownership keys expire, whichever
  // instance sweeps first does.
  const sweepOrphans =
    cluster &&
    setInterval(
      () => {
        stations
          .markDisconnectedUnlessHeld((ids) => cluster!.heldOf(ids))
          .then(
            (count) => count > 0 && logger.info({ stations: count }, "Marked stations of a lost instance disconnected"),
          )
          .catch((error: unknown) => logger.error({ err: error }, "Sweeping stations of lost instances failed"));
      },
      (config.redis!.ownershipTtlSeconds * 1000) / 2,
    );
  sweepOrphans?.unref();

  const tokens = new TokenService(security.jwtSecret, security.jwtTtlSeconds);
  const services = {
    remoteControl: new RemoteControlService(remoteControlCommands(chargePoints)),
    firmware: new FirmwareService(firmwareCommands(chargePoints)),
    configuration: new ConfigurationService(stationStore, configurationCommands(chargePoints), stationAccess, secrets),
    reservations,
    chargingProfiles: new ChargingProfileService(new ChargingProfileStore(db), smartChargingCommands(chargePoints)),
    localAuthList: new LocalAuthListService(db, stationStore, localListCommands(chargePoints)),
    transactions,
    idTags: new IdTagService(idTagStore),
    stationAccess,
    stations,
    users: new UserService(db, tokens, { limiterStore, events }),
  };
  const redacted = await services.configuration.redactStoredSecrets();
  if (redacted > 0) logger.info({ rows: redacted }, "Redacted stored values of secret configuration keys");
  const expireReservations = setInterval(() => {
    services.reservations
      .expireOverdue()
      .catch((error: unknown) => logger.error({ err: error }, "Reservation expiry failed"));
  }, RESERVATION_SWEEP_INTERVAL_MS);
  expireReservations.unref();
  const retention =
    config.messageRetentionDays === undefined
      ? undefined
      : new MessageRetention(auditStore, logger.child({ component: "message-retention" }), {
          retentionDays: config.messageRetentionDays,
        });
  retention?.start();

  const authenticator = new Authenticator(db, tokens, { authRequired: security.authRequired });
  if (!security.authRequired) {
    logger.warn("AUTH_REQUIRED is off: anonymous API requests act as admin. Never run like this in production.");
  }
  const limits = { maxCost: security.maxCost, maxDepth: security.maxDepth };
  metrics?.watch({
    connectedChargers: () => ocpp.connectedIds().length,
    auditQueueDepth: () => audit.pending,
    databasePool: databasePool(db),
  });
  if (metrics && !config.metrics.token && config.env === "production") {
    logger.warn("METRICS_TOKEN is not set: anyone who reaches the API port can read /metrics");
  }
  const streams = eventStreams(events);
  const yoga = createGraphQLServer(
    { db, events: streams, services, limits },
    authenticator,
    { ...security, trustProxy: config.trustProxy },
    metrics,
  );
  const http = createHttpServer(yoga, probe, {
    authenticator,
    maxBodyBytes: security.maxBodyBytes,
    tls: readTls(security.httpTls),
    webRoot: fileURLToPath(new URL("../web/dist", import.meta.url)),
    metrics: metrics && {
      contentType: metrics.contentType,
      render: () => metrics.render(),
      token: config.metrics.token,
    },
    graphqlObserver: metrics,
    graphqlSockets: { events: streams, maxSubscriptionsPerSocket: security.maxSubscriptionsPerSocket },
  });

  const ocppPort = await ocpp.listen();
  const httpPort = await http.listen(config.httpPort, config.host);
  logger.info({ httpPort, ocppPort }, "Central system ready");

  return {
    httpPort,
    ocppPort,
    db,
    events: streams,
    ocpp,
    audit,
    yoga,
    metrics,
    async close() {
      // main.ts exits anyway SHUTDOWN_TIMEOUT_MS after it called close(): the audit log keeps retrying for what is
      // left of that, less a reserve for closing the database, so that it ends (and logs what it could not write)
      // before the process is forced out.
      const closeBy = performance.now() + config.shutdownTimeoutMs - Math.min(5_000, config.shutdownTimeoutMs / 4);
      clearInterval(expireReservations);
      clearInterval(sweepOrphans);
      await retention?.stop();
      await cluster?.stop();
      await ocpp.close();
      await http.close();
      await writer.drain();
      await audit.close(Math.max(0, closeBy - performance.now()));
      probe.close();
      await db.$disconnect();
      await embedded?.close();
      await redis?.close();
    },
  };
}
