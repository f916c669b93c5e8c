import { RPCClient } from "ocpp-rpc";
import type { RPC_ClientOptions } from "ocpp-rpc/lib/client.js";
import type {
  AuthorizeResponse,
  BootNotificationRequest,
  BootNotificationResponse,
  OcppRequests,
  OcppResponses,
  StartTransactionResponse,
} from "../../../src/generated/ocpp-types.js";
import { Backoff } from "../backoff.js";
import { ChargingProfiles } from "./charging-profiles.js";
import {
  type ChargePointContext,
  type CentralSystemRequestHandlers,
  createRequestHandlers,
  type NotificationAction,
  type StopReason,
} from "./central-system-requests.js";
import { type ConfigurationStore, standardConfiguration } from "./configuration.js";
import { type ChargePointStatus, Connector, type LocalTransaction } from "./connector.js";
import { LocalAuthList } from "./local-auth-list.js";
import { silentLogger, type SimulatorLogger } from "../logger.js";
import { type ReadingContext, toMeterValue } from "./meter-values.js";
import { type Timer, Timers } from "../timers.js";
import { TransactionMessageQueue } from "../transaction-queue.js";
import { queuedMessage } from "./queued-message.js";

export type { SimulatorLogger } from "../logger.js";
export type { StopReason } from "./central-system-requests.js";

export type SimulatedChargePointOptions = {
  /** The central system's OCPP endpoint, e.g. ws://localhost:9000; the identity is appended as the last path segment. */
  url: string;
  identity: string;
  /** Connectors 1..n; connector 0 is the charge point as a whole. */
  connectors: number;
  /** HTTP Basic password (the AuthorizationKey) for OCPP security profiles 1 and 2. */
  password?: string;
  /** The initial MeterValueSampleInterval: seconds between MeterValues while charging. Default 60. */
  meterIntervalSeconds?: number;
  /** Notable events, one sentence each. Default: none. */
  logger?: SimulatorLogger;
  /** Charging power of each connector. Default 11 kW. */
  maxPowerW?: number;
  /** Reconnect delays: the first, doubled after each failure up to max. Default 1 s up to 60 s. */
  reconnectDelayMs?: { initial: number; max: number };
  /** Delay between the steps of a firmware update or diagnostics upload. Default 1 s. */
  progressStepMs?: number;
  /** How long a CALL waits for its answer. Default 30 s. */
  callTimeoutMs?: number;
};

type ChargePointAction =
  "Authorize" | "BootNotification" | "MeterValues" | "StartTransaction" | "StopTransaction" | NotificationAction;
type RegistrationStatus = BootNotificationResponse["status"];
type IdTagStatus = AuthorizeResponse["idTagInfo"]["status"];

// Until a BootNotification answer says otherwise.
const INITIAL_HEARTBEAT_SECONDS = 300;
// When a Pending or Rejected answer gives no interval, or the BootNotification got no answer.
const BOOT_RETRY_SECONDS = 60;

/**
 * A simulated OCPP 1.6J charge point on ocpp-rpc in strict mode (every frame in and out is checked against the OCPP
 * schemas). It boots, sends heartbeats and status notifications, charges EVs with realistic meter values, answers
 * every central-system command, reconnects with exponential backoff, and keeps transaction messages while offline.
 */
export class SimulatedChargePoint {
  readonly identity: string;
  private readonly client: RPCClient;
  private readonly log: SimulatorLogger;
  private readonly timers = new Timers();
  private readonly backoff: Backoff;
  private readonly configuration: ConfigurationStore;
  private readonly connectors: Connector[];
  private readonly localAuthList: LocalAuthList;
  private readonly chargingProfiles: ChargingProfiles;
  private readonly queue: TransactionMessageQueue;
  private readonly bootInfo: BootNotificationRequest;
  private running = false;
  private socketOpen = false;
  private rebooting = false;
  private registration: RegistrationStatus | undefined;
  private heartbeat: Timer | undefined;
  private bootRetry: Timer | undefined;
  private firstBoot: { resolve(): void; reject(error: Error): void } | undefined;

  constructor(private readonly options: SimulatedChargePointOptions) {
    this.identity = options.identity;
    this.log = options.logger ?? silentLogger;
    const maxPowerW = options.maxPowerW ?? 11_000;
    this.backoff = new Backoff(options.reconnectDelayMs?.initial ?? 1000, options.reconnectDelayMs?.max ?? 60_000);
    this.configuration = standardConfiguration({
      connectors: options.connectors,
      heartbeatIntervalSeconds: INITIAL_HEARTBEAT_SECONDS,
      meterIntervalSeconds: options.meterIntervalSeconds ?? 60,
    });
    this.connectors = Array.from({ length: options.connectors + 1 }, (_, id) => new Connector(id, maxPowerW));
    this.localAuthList = new LocalAuthList(this.configuration.number("LocalAuthListMaxLength"));
    this.chargingProfiles = new ChargingProfiles(maxPowerW);
    this.queue = new TransactionMessageQueue(
      { canSend: () => this.online, send: (action, request) => this.client.call(action, request) },
      this.timers,
      this.log,
    );
    this.bootInfo = {
      chargePointVendor: "OCPP Central",
      chargePointModel: "Simulator AC",
      chargePointSerialNumber: options.identity.slice(0, 25),
      firmwareVersion: "1.0.0",
      meterType: "Simulated energy meter",
    };

    // ocpp-rpc's typings mark every option required although each has a default.
    const clientOptions: Partial<RPC_ClientOptions> = {
      endpoint: options.url.replace(/\/+$/, ""),
      identity: options.identity,
      password: options.password ?? null,
      protocols: ["ocpp1.6"],
      strictMode: true,
      // Reconnecting is ours: it must also cover the first connection and a reboot.
      reconnect: false,
      callTimeoutMs: options.callTimeoutMs ?? 30_000,
    };
    this.client = new RPCClient(clientOptions as RPC_ClientOptions);
    this.client.on("disconnect", ({ code }: { code: number }) => this.disconnected(code));
    this.client.on("strictValidationFailure", ({ method, error }: { method: string; error: Error }) =>
      this.log.warn(`${method} broke the OCPP schema: ${error.message}`),
    );
    this.answerCentralSystem(createRequestHandlers(this.context()));
  }

  /** Connects; resolves once the central system has accepted the BootNotification, rejects if stop() comes first. */
  start(): Promise<void> {
    if (this.running) return Promise.reject(new Error(`${this.identity} is already running`));
    this.running = true;
    const booted = new Promise<void>((resolve, reject) => (this.firstBoot = { resolve, reject }));
    booted.catch(() => {}); // a caller that does not wait for the boot must not get an unhandled rejection
    void this.connect();
    return booted;
  }

  /** Disconnects and cancels everything pending; sessions stay as they are, as if the power went off. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.timers.cancelAll();
    this.firstBoot?.reject(new Error(`${this.identity} stopped before its boot was accepted`));
    this.socketOpen = false;
    await this.client.close({ code: 1000, reason: "Simulator stopped" });
  }

  /** Connected and accepted by the central system. */
  get online(): boolean {
    return this.socketOpen && this.registration === "Accepted";
  }

  get registrationStatus(): RegistrationStatus | undefined {
    return this.registration;
  }

  /** StartTransaction, StopTransaction and MeterValues messages not yet answered. */
  get queuedMessages(): number {
    return this.queue.length;
  }

  connectorStatus(connectorId: number): ChargePointStatus | undefined {
    return this.connectors[connectorId]?.status;
  }

  /** The central system's id of the session on a connector, once StartTransaction has been answered. */
  transactionId(connectorId: number): number | undefined {
    return this.connectors[connectorId]?.transaction?.transactionId;
  }

  /**
   * A driver presents idTag at a connector: it is authorized (online with Authorize; offline from the local list,
   * else as AllowOfflineTxForUnknownId says) and the session starts. False when the connector or the tag is refused.
   */
  async startTransaction(connectorId: number, idTag: string): Promise<boolean> {
    const connector = this.connectors[connectorId];
    if (!connector?.canStartFor(idTag)) return false;
    const status = await this.authorize(idTag);
    if (status !== "Accepted") {
      this.log.warn(`connector ${connectorId}: ${idTag} not authorized (${status})`);
      return false;
    }
    if (!this.running || !connector.canStartFor(idTag)) return false;
    this.beginTransaction(connector, idTag);
    return true;
  }

  /** Ends the session on a connector (by default the driver stops it: Local); false when there is none. */
  stopTransaction(connectorId: number, reason: StopReason = "Local"): boolean {
    const connector = this.connectors[connectorId];
    const transaction = connector?.transaction;
    if (!connector || !transaction) return false;
    this.timers.cancel(connector.sampling);
    const reading = connector.meter.end(new Date());
    connector.transaction = undefined;
    this.chargingProfiles.transactionEnded(connectorId);
    this.setStatus(connector, "Finishing");
    this.queue.push(
      queuedMessage("StopTransaction", () =>
        // Without a transactionId (its StartTransaction was refused) there is nothing to stop.
        transaction.transactionId === undefined
          ? undefined
          : {
              transactionId: transaction.transactionId,
              ...(reason === "Local" && { idTag: transaction.idTag }),
              meterStop: reading.energyWh,
              timestamp: reading.at.toISOString(),
              reason,
              transactionData: [toMeterValue(reading, "Transaction.End", true)],
            },
      ),
    );
    if (connector.scheduledAvailability) {
      connector.availability = connector.scheduledAvailability;
      connector.scheduledAvailability = undefined;
    }
    this.setStatus(connector);
    const kWh = ((reading.energyWh - transaction.meterStart) / 1000).toFixed(2);
    this.log.info(`connector ${connectorId}: session of ${transaction.idTag} stopped (${reason}), ${kWh} kWh`);
    return true;
  }

  // Connection and registration

  private async connect(): Promise<void> {
    try {
      await this.client.connect();
    } catch (error) {
      if (this.running) this.reconnectLater(`cannot connect (${describe(error)})`);
      return;
    }
    if (!this.running) return void this.client.close({ force: true });
    this.socketOpen = true;
    this.backoff.reset();
    if (this.registration === "Accepted") {
      this.log.info("reconnected");
      this.resume();
    } else {
      this.log.info(`connected to ${this.options.url}`);
      void this.boot();
    }
  }

  private disconnected(code: number): void {
    this.socketOpen = false;
    this.timers.cancel(this.heartbeat);
    this.timers.cancel(this.bootRetry);
    if (this.running && !this.rebooting) this.reconnectLater(`connection lost (${code})`);
  }

  private reconnectLater(why: string): void {
    const delayMs = this.backoff.next();
    this.log.warn(`${why}; reconnecting in ${(delayMs / 1000).toFixed(1)} s`);
    this.timers.after(delayMs, () => void this.connect());
  }

  /** BootNotification; Pending and Rejected are retried after the interval the central system gave. */
  private async boot(): Promise<void> {
    this.timers.cancel(this.bootRetry);
    let answer: BootNotificationResponse;
    try {
      answer = await this.call("BootNotification", this.bootInfo);
    } catch (error) {
      // A lost connection boots again once it is back.
      if (this.socketOpen) this.bootLater(BOOT_RETRY_SECONDS, `BootNotification failed (${describe(error)})`);
      return;
    }
    this.registration = answer.status;
    if (answer.status !== "Accepted") {
      this.bootLater(answer.interval || BOOT_RETRY_SECONDS, `BootNotification ${answer.status}`);
      return;
    }
    if (answer.interval > 0) this.configuration.set("HeartbeatInterval", answer.interval);
    this.log.info(`boot accepted; heartbeat every ${this.configuration.number("HeartbeatInterval")} s`);
    this.resume();
    this.firstBoot?.resolve();
  }

  private bootLater(seconds: number, why: string): void {
    this.log.warn(`${why}; booting again in ${seconds} s`);
    this.bootRetry = this.timers.after(seconds * 1000, () => void this.boot());
  }

  /** Online again: report every connector, keep the heartbeat going and send what was queued meanwhile. */
  private resume(): void {
    for (const connector of this.connectors) this.reportStatus(connector);
    this.restartHeartbeat();
    void this.queue.drain();
  }

  private restartHeartbeat(): void {
    this.timers.cancel(this.heartbeat);
    const seconds = this.configuration.number("HeartbeatInterval");
    this.heartbeat = seconds > 0 ? this.timers.every(seconds * 1000, () => this.notify("Heartbeat", {})) : undefined;
  }

  /**
   * Reset: sessions stop (SoftReset or HardReset), the connection closes and the charge point boots again. A soft
   * reset first sends what is queued; after a hard one the queue is sent once the charge point is back.
   */
  private async reboot(type: "Hard" | "Soft"): Promise<void> {
    this.log.info(`${type.toLowerCase()} reset`);
    for (const connector of this.connectors) {
      this.stopTransaction(connector.connectorId, type === "Hard" ? "HardReset" : "SoftReset");
    }
    if (type === "Soft") await this.queue.drain();
    this.rebooting = true;
    this.timers.cancelAll();
    this.registration = undefined;
    for (const connector of this.connectors) {
      connector.reservation = undefined;
      connector.status = connector.idleStatus();
    }
    await this.client.close({ code: 1000, reason: `${type} reset`, force: type === "Hard" });
    this.rebooting = false;
    if (this.running) await this.connect();
  }

  // Sessions

  private async authorize(idTag: string): Promise<IdTagStatus> {
    if (this.online) {
      try {
        return (await this.call("Authorize", { idTag })).idTagInfo.status;
      } catch {
        // No answer: decide as if offline.
      }
    }
    const useList = this.configuration.flag("LocalAuthListEnabled") && this.configuration.flag("LocalAuthorizeOffline");
    const listed = useList ? this.localAuthList.lookup(idTag) : undefined;
    if (listed) return listed.status;
    return this.configuration.flag("AllowOfflineTxForUnknownId") ? "Accepted" : "Invalid";
  }

  private beginTransaction(connector: Connector, idTag: string): LocalTransaction {
    const { connectorId } = connector;
    const startedAt = new Date();
    // A session on a reserved connector uses up the reservation.
    const reservationId = connector.reservation?.request.reservationId;
    this.timers.cancel(connector.reservation?.expiry);
    connector.reservation = undefined;
    const transaction: LocalTransaction = {
      connectorId,
      idTag,
      meterStart: connector.meter.begin(startedAt),
      startedAt,
      reservationId,
    };
    connector.transaction = transaction;
    this.setStatus(connector, "Preparing");
    this.queue.push(
      queuedMessage(
        "StartTransaction",
        () => ({
          connectorId,
          idTag,
          meterStart: transaction.meterStart,
          timestamp: startedAt.toISOString(),
          ...(reservationId !== undefined && { reservationId }),
        }),
        (answer) => this.transactionStarted(transaction, answer),
      ),
    );
    this.setStatus(connector, "Charging");
    this.startSampling(connector);
    this.log.info(`connector ${connectorId}: charging for ${idTag}`);
    return transaction;
  }

  /** The StartTransaction answer: the transactionId, and whether the tag may charge at all. */
  private transactionStarted(transaction: LocalTransaction, { transactionId, idTagInfo }: StartTransactionResponse) {
    transaction.transactionId = transactionId;
    this.log.info(`connector ${transaction.connectorId}: transaction ${transactionId} (${idTagInfo.status})`);
    const stillRunning = this.connectors[transaction.connectorId]?.transaction === transaction;
    if (idTagInfo.status !== "Accepted" && stillRunning && this.configuration.flag("StopTransactionOnInvalidId")) {
      this.stopTransaction(transaction.connectorId, "DeAuthorized");
    }
  }

  private startSampling(connector: Connector): void {
    this.timers.cancel(connector.sampling);
    const seconds = this.configuration.number("MeterValueSampleInterval");
    connector.sampling =
      seconds > 0
        ? this.timers.every(seconds * 1000, () => this.sendMeterValues(connector, "Sample.Periodic"))
        : undefined;
  }

  private sendMeterValues(connector: Connector, context: ReadingContext): void {
    const transaction = connector.transaction;
    const reading = connector.meter.read(new Date());
    this.queue.push(
      queuedMessage("MeterValues", () => ({
        connectorId: connector.connectorId,
        ...(transaction?.transactionId !== undefined && { transactionId: transaction.transactionId }),
        meterValue: [toMeterValue(reading, context)],
      })),
    );
  }

  private configurationChanged(key: string): void {
    if (key === "HeartbeatInterval" && this.online) this.restartHeartbeat();
    if (key === "MeterValueSampleInterval") {
      for (const connector of this.connectors) if (connector.transaction) this.startSampling(connector);
    }
  }

  // Messages

  private setStatus(
    connector: Connector,
    status: ChargePointStatus = connector.transaction ? "Charging" : connector.idleStatus(),
  ): void {
    if (connector.status === status) return;
    connector.status = status;
    this.reportStatus(connector);
  }

  private reportStatus(connector: Connector): void {
    this.notify("StatusNotification", {
      connectorId: connector.connectorId,
      status: connector.status,
      errorCode: "NoError",
      timestamp: new Date().toISOString(),
    });
  }

  private notify<A extends NotificationAction>(action: A, request: OcppRequests[A]): void {
    if (!this.online) return;
    this.call(action, request).catch((error: unknown) => {
      if (this.socketOpen) this.log.warn(`${action} failed (${describe(error)})`);
    });
  }

  private call<A extends ChargePointAction>(action: A, request: OcppRequests[A]): Promise<OcppResponses[A]> {
    return this.client.call(action, request) as Promise<OcppResponses[A]>;
  }

  private answerCentralSystem(handlers: CentralSystemRequestHandlers): void {
    for (const [action, handler] of Object.entries(handlers) as Array<[string, (request: unknown) => object]>) {
      this.client.handle(action, async ({ params }) => {
        const answer = handler(params);
        const status = (answer as { status?: string }).status;
        this.log.info(`${action}${status ? `: ${status}` : ""}`);
        return answer;
      });
    }
  }

  private context(): ChargePointContext {
    return {
      identity: this.identity,
      connectors: this.connectors,
      configuration: this.configuration,
      localAuthList: this.localAuthList,
      chargingProfiles: this.chargingProfiles,
      timers: this.timers,
      log: this.log,
      progressStepMs: this.options.progressStepMs ?? 1000,
      afterReply: (work) =>
        setImmediate(() => {
          if (!this.running) return;
          try {
            work();
          } catch (error) {
            this.log.warn(`failed after answering: ${describe(error)}`);
          }
        }),
      beginTransaction: this.beginTransaction.bind(this),
      stopTransaction: this.stopTransaction.bind(this),
      reboot: (type) =>
        this.reboot(type).catch((error: unknown) => this.log.warn(`${type} reset failed: ${describe(error)}`)),
      setStatus: this.setStatus.bind(this),
      reportStatus: this.reportStatus.bind(this),
      notify: this.notify.bind(this),
      bootNotification: () => void this.boot(),
      sendMeterValues: this.sendMeterValues.bind(this),
      configurationChanged: this.configurationChanged.bind(this),
    };
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = (error as { code?: unknown }).code;
  return typeof status === "number" ? `HTTP ${status}` : error.message;
}
