import { randomUUID } from "node:crypto";
import { RPCClient } from "ocpp-rpc";
import type { RPC_ClientOptions } from "ocpp-rpc/lib/client.js";
import type {
  AuthorizationStatusEnumType,
  BootNotificationRequest,
  BootNotificationResponse,
  BootReasonEnumType,
  IdTokenType,
  Ocpp201Requests,
  Ocpp201Responses,
  RegistrationStatusEnumType,
  TransactionEventRequest,
  TransactionEventResponse,
  TriggerReasonEnumType,
} from "../../../src/generated/ocpp201-types.js";
import { Backoff } from "../backoff.js";
import { silentLogger, type SimulatorLogger } from "../logger.js";
import { type Timer, Timers } from "../timers.js";
import { TransactionMessageQueue } from "../transaction-queue.js";
import { ChargingProfiles } from "./charging-profiles.js";
import {
  createCsmsRequestHandlers,
  type CsmsRequestHandlers,
  type NotificationAction,
  type StationContext,
  type Stop,
} from "./csms-requests.js";
import { type DeviceModel, standardDeviceModel } from "./device-model.js";
import { type ConnectorStatus, Evse, type LocalTransaction } from "./evse.js";
import { LocalAuthList } from "./local-auth-list.js";
import { type ReadingContext, toMeterValue } from "./meter-values.js";
import { queuedMessage } from "./queued-message.js";

export type { Stop } from "./csms-requests.js";

export type SimulatedStationOptions = {
  /** The CSMS's OCPP endpoint, e.g. ws://localhost:9000; the identity is appended as the last path segment. */
  url: string;
  identity: string;
  /** EVSEs 1..n, one connector each. */
  evses: number;
  /** HTTP Basic password for OCPP security profiles 1 and 2. */
  password?: string;
  /** The initial TxUpdatedInterval: seconds between TransactionEvent Updated while charging. Default 60. */
  meterIntervalSeconds?: number;
  /** Notable events, one sentence each. Default: none. */
  logger?: SimulatorLogger;
  /** Charging power of each EVSE. Default 11 kW. */
  maxPowerW?: number;
  /** Reconnect delays: the first, doubled after each failure up to max. Default 1 s up to 60 s. */
  reconnectDelayMs?: { initial: number; max: number };
  /** Delay between the steps of a firmware update or log upload. Default 1 s. */
  progressStepMs?: number;
  /** How long a CALL waits for its answer. Default 30 s. */
  callTimeoutMs?: number;
};

type StationAction = "Authorize" | "BootNotification" | "MeterValues" | "TransactionEvent" | NotificationAction;
type RegistrationStatus = RegistrationStatusEnumType;

// Until a BootNotification answer says otherwise.
const INITIAL_HEARTBEAT_SECONDS = 300;
// When a Pending or Rejected answer gives no interval, or the BootNotification got no answer.
const BOOT_RETRY_SECONDS = 60;

/** How a driver's own stop (presenting the card again) ends a session. */
const LOCAL_STOP: Stop = { reason: "Local", trigger: "StopAuthorized" };

/**
 * A simulated OCPP 2.0.1 charging station on ocpp-rpc in strict mode (every frame in and out is checked against the
 * 2.0.1 schemas). It boots (waiting while Pending or Rejected), reports each connector's status, sends heartbeats,
 * runs transactions as TransactionEvents with realistic meter values, answers the CSMS's requests from a small device
 * model, reconnects with exponential backoff and keeps its transaction messages while offline.
 */
export class SimulatedStation {
  readonly identity: string;
  private readonly client: RPCClient;
  private readonly log: SimulatorLogger;
  private readonly timers = new Timers();
  private readonly backoff: Backoff;
  private readonly deviceModel: DeviceModel;
  private readonly evses: Evse[];
  private readonly localAuthList: LocalAuthList;
  private readonly chargingProfiles: ChargingProfiles;
  private readonly queue: TransactionMessageQueue;
  private readonly chargingStation: BootNotificationRequest["chargingStation"];
  private bootReason: BootReasonEnumType = "PowerUp";
  private running = false;
  private socketOpen = false;
  private rebooting = false;
  private resetWhenIdle = false;
  private registration: RegistrationStatus | undefined;
  private heartbeat: Timer | undefined;
  private bootRetry: Timer | undefined;
  private firstBoot: { resolve(): void; reject(error: Error): void } | undefined;

  constructor(private readonly options: SimulatedStationOptions) {
    this.identity = options.identity;
    this.log = options.logger ?? silentLogger;
    const maxPowerW = options.maxPowerW ?? 11_000;
    this.backoff = new Backoff(options.reconnectDelayMs?.initial ?? 1000, options.reconnectDelayMs?.max ?? 60_000);
    this.evses = Array.from({ length: options.evses }, (_, index) => new Evse(index + 1, maxPowerW));
    this.deviceModel = standardDeviceModel(
      {
        identity: options.identity,
        heartbeatIntervalSeconds: INITIAL_HEARTBEAT_SECONDS,
        meterIntervalSeconds: options.meterIntervalSeconds ?? 60,
      },
      {
        evseIds: this.evses.map((evse) => evse.id),
        maxPowerW,
        availabilityState: (evseId) =>
          evseId === undefined
            ? this.evses.every((evse) => evse.availability === "Inoperative")
              ? "Unavailable"
              : "Available"
            : (this.evses[evseId - 1]?.status ?? "Unavailable"),
      },
      (component, variable) => this.variableChanged(component, variable),
    );
    this.localAuthList = new LocalAuthList(1000);
    this.chargingProfiles = new ChargingProfiles(maxPowerW);
    this.queue = new TransactionMessageQueue(
      { canSend: () => this.online, send: (action, request) => this.client.call(action, request) },
      this.timers,
      this.log,
    );
    this.chargingStation = {
      vendorName: "OCPP Central",
      model: "Simulator AC 2",
      serialNumber: options.identity.slice(0, 25),
      firmwareVersion: "2.0.1-sim",
    };

    // ocpp-rpc's typings mark every option required although each has a default.
    const clientOptions: Partial<RPC_ClientOptions> = {
      endpoint: options.url.replace(/\/+$/, ""),
      identity: options.identity,
      password: options.password ?? null,
      protocols: ["ocpp2.0.1"],
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
    this.answerCsms(createCsmsRequestHandlers(this.context()));
  }

  /** Connects; resolves once the CSMS has accepted the BootNotification, rejects if stop() comes first. */
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

  /** Connected and accepted by the CSMS. */
  get online(): boolean {
    return this.socketOpen && this.registration === "Accepted";
  }

  get registrationStatus(): RegistrationStatus | undefined {
    return this.registration;
  }

  /** TransactionEvent and MeterValues messages not yet answered. */
  get queuedMessages(): number {
    return this.queue.length;
  }

  connectorStatus(evseId: number): ConnectorStatus | undefined {
    return this.evses[evseId - 1]?.status;
  }

  /** The station's own id of the session on an EVSE. */
  transactionId(evseId: number): string | undefined {
    return this.evses[evseId - 1]?.transaction?.transactionId;
  }

  /**
   * A driver presents an RFID card at an EVSE: it is authorized (online with Authorize; offline from the local list,
   * else as OfflineTxForUnknownIdEnabled says), the cable is plugged in and the session starts. False when the EVSE
   * or the token is refused.
   */
  async startTransaction(evseId: number, token: string): Promise<boolean> {
    const evse = this.evses[evseId - 1];
    if (!evse?.canStartFor(token)) return false;
    const idToken: IdTokenType = { idToken: token, type: "ISO14443" };
    const status = await this.authorize(idToken);
    if (status !== "Accepted") {
      this.log.warn(`EVSE ${evseId}: ${token} not authorized (${status})`);
      return false;
    }
    if (!this.running || !evse.canStartFor(token)) return false;
    this.beginTransaction(evse, idToken, { trigger: "Authorized" });
    return true;
  }

  /** Ends the session on an EVSE (by default the driver stops it with the card); false when there is none. */
  stopTransaction(evseId: number, stop: Stop = LOCAL_STOP): boolean {
    const evse = this.evses[evseId - 1];
    const transaction = evse?.transaction;
    if (!evse || !transaction) return false;
    this.timers.cancel(evse.sampling);
    const reading = evse.meter.end(new Date());
    evse.transaction = undefined;
    this.chargingProfiles.transactionEnded(evse.id);
    this.queueEvent(transaction, "Ended", stop.trigger, reading.at, {
      transactionInfo: {
        transactionId: transaction.transactionId,
        chargingState: "EVConnected",
        stoppedReason: stop.reason,
      },
      ...(stop.trigger === "StopAuthorized" && transaction.idToken && { idToken: transaction.idToken }),
      meterValue: [toMeterValue(reading, "Transaction.End", true)],
    });
    if (evse.scheduledAvailability) {
      evse.availability = evse.scheduledAvailability;
      evse.scheduledAvailability = undefined;
    }
    // The driver unplugs: the connector is free again.
    this.setStatus(evse);
    const kWh = ((reading.energyWh - transaction.meterStartWh) / 1000).toFixed(2);
    this.log.info(`EVSE ${evseId}: session ${transaction.transactionId} stopped (${stop.reason}), ${kWh} kWh`);
    if (this.resetWhenIdle && this.evses.every((e) => !e.transaction)) void this.rebootNow();
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
      this.log.info(`connected to ${this.options.url} (OCPP 2.0.1)`);
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

  /** BootNotification; Pending and Rejected are retried after the interval the CSMS gave (B02, B03). */
  private async boot(): Promise<void> {
    this.timers.cancel(this.bootRetry);
    let answer: BootNotificationResponse;
    try {
      answer = await this.call("BootNotification", { chargingStation: this.chargingStation, reason: this.bootReason });
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
    if (answer.interval > 0) this.deviceModel.setOwn("OCPPCommCtrlr", "HeartbeatInterval", answer.interval);
    this.log.info(`boot accepted; heartbeat every ${this.heartbeatSeconds} s`);
    this.resume();
    this.firstBoot?.resolve();
  }

  private bootLater(seconds: number, why: string): void {
    this.log.warn(`${why}; booting again in ${seconds} s`);
    this.bootRetry = this.timers.after(seconds * 1000, () => void this.boot());
  }

  /** Registered again: report every connector, keep the heartbeat going and send what was queued meanwhile. */
  private resume(): void {
    for (const evse of this.evses) this.reportStatus(evse);
    this.restartHeartbeat();
    void this.queue.drain();
  }

  private get heartbeatSeconds(): number {
    return this.deviceModel.number("OCPPCommCtrlr", "HeartbeatInterval");
  }

  private restartHeartbeat(): void {
    this.timers.cancel(this.heartbeat);
    const seconds = this.heartbeatSeconds;
    this.heartbeat = seconds > 0 ? this.timers.every(seconds * 1000, () => this.notify("Heartbeat", {})) : undefined;
  }

  /** Reset: Immediate ends the sessions now (B11); OnIdle waits until the last one has ended (B12). */
  private reboot(type: "Immediate" | "OnIdle"): void {
    const busy = this.evses.some((evse) => evse.transaction);
    if (type === "OnIdle" && busy) {
      this.log.info("reset scheduled for when no session runs");
      this.resetWhenIdle = true;
      return;
    }
    for (const evse of this.evses) this.stopTransaction(evse.id, { reason: "ImmediateReset", trigger: "ResetCommand" });
    void this.rebootNow();
  }

  /** Sends what is queued, closes the connection and boots again with reason RemoteReset. */
  private async rebootNow(): Promise<void> {
    this.resetWhenIdle = false;
    this.log.info("reset");
    await this.queue.drain();
    this.rebooting = true;
    this.timers.cancelAll();
    this.registration = undefined;
    this.bootReason = "RemoteReset";
    for (const evse of this.evses) {
      evse.reservation = undefined;
      evse.status = evse.idleStatus();
    }
    try {
      await this.client.close({ code: 1000, reason: "Reset" });
    } finally {
      this.rebooting = false;
    }
    if (this.running) await this.connect();
  }

  // Sessions

  private async authorize(idToken: IdTokenType): Promise<AuthorizationStatusEnumType> {
    if (this.online) {
      try {
        return (await this.call("Authorize", { idToken })).idTokenInfo.status;
      } catch {
        // No answer: decide as if offline.
      }
    }
    const useList =
      this.deviceModel.flag("LocalAuthListCtrlr", "Enabled") &&
      this.deviceModel.flag("AuthCtrlr", "LocalAuthorizeOffline");
    const listed = useList ? this.localAuthList.lookup(idToken.idToken) : undefined;
    if (listed) return listed.status;
    return this.deviceModel.flag("AuthCtrlr", "OfflineTxForUnknownIdEnabled") ? "Accepted" : "Invalid";
  }

  /**
   * The cable is plugged in and the driver authorized (or the CSMS started it remotely): the connector is Occupied
   * and the transaction starts with the energy register at Transaction.Begin.
   */
  private beginTransaction(
    evse: Evse,
    idToken: IdTokenType,
    start: { trigger: TriggerReasonEnumType; remoteStartId?: number },
  ): LocalTransaction {
    const startedAt = new Date();
    // A session on a reserved EVSE uses up the reservation.
    const reservationId = evse.reservation?.request.id;
    this.timers.cancel(evse.reservation?.expiry);
    evse.reservation = undefined;
    const transaction: LocalTransaction = {
      transactionId: randomUUID(),
      evseId: evse.id,
      connectorId: evse.connectorId,
      idToken,
      startedAt,
      meterStartWh: evse.meter.begin(startedAt),
      nextSeqNo: 0,
      remoteStartId: start.remoteStartId,
      reservationId,
    };
    evse.transaction = transaction;
    this.setStatus(evse, "Occupied");
    this.queueEvent(transaction, "Started", start.trigger, startedAt, {
      transactionInfo: {
        transactionId: transaction.transactionId,
        chargingState: "Charging",
        ...(start.remoteStartId !== undefined && { remoteStartId: start.remoteStartId }),
      },
      idToken,
      evse: { id: evse.id, connectorId: evse.connectorId },
      ...(reservationId !== undefined && { reservationId }),
      meterValue: [
        toMeterValue({ at: startedAt, energyWh: transaction.meterStartWh, powerW: 0 }, "Transaction.Begin", true),
      ],
    });
    this.startSampling(evse);
    this.log.info(`EVSE ${evse.id}: charging for ${idToken.idToken} (transaction ${transaction.transactionId})`);
    return transaction;
  }

  /** A TransactionEvent of a session, queued with the next seqNo; offline when the station was not online then. */
  private queueEvent(
    transaction: LocalTransaction,
    eventType: TransactionEventRequest["eventType"],
    triggerReason: TriggerReasonEnumType,
    at: Date,
    fields: Omit<TransactionEventRequest, "eventType" | "triggerReason" | "seqNo" | "timestamp">,
  ): void {
    const request: TransactionEventRequest = {
      eventType,
      timestamp: at.toISOString(),
      triggerReason,
      seqNo: transaction.nextSeqNo++,
      ...(!this.online && { offline: true }),
      ...fields,
    };
    this.queue.push(
      queuedMessage(
        "TransactionEvent",
        () => request,
        (answer) => this.transactionAnswered(transaction, answer),
      ),
    );
  }

  /** A token the CSMS does not accept ends its session when StopTxOnInvalidId says so (E05). */
  private transactionAnswered(transaction: LocalTransaction, { idTokenInfo }: TransactionEventResponse): void {
    if (!idTokenInfo || idTokenInfo.status === "Accepted") return;
    this.log.warn(`transaction ${transaction.transactionId}: ${transaction.idToken?.idToken} is ${idTokenInfo.status}`);
    const evse = this.evses[transaction.evseId - 1];
    if (evse?.transaction === transaction && this.deviceModel.flag("TxCtrlr", "StopTxOnInvalidId")) {
      this.stopTransaction(evse.id, { reason: "DeAuthorized", trigger: "Deauthorized" });
    }
  }

  private startSampling(evse: Evse): void {
    this.timers.cancel(evse.sampling);
    const seconds = this.deviceModel.number("SampledDataCtrlr", "TxUpdatedInterval");
    evse.sampling =
      seconds > 0
        ? this.timers.every(seconds * 1000, () => this.updateTransaction(evse, "MeterValuePeriodic"))
        : undefined;
  }

  private updateTransaction(evse: Evse, trigger: TriggerReasonEnumType): void {
    const transaction = evse.transaction;
    if (!transaction) return;
    const reading = evse.meter.read(new Date());
    this.queueEvent(transaction, "Updated", trigger, reading.at, {
      transactionInfo: { transactionId: transaction.transactionId, chargingState: "Charging" },
      meterValue: [toMeterValue(reading, trigger === "Trigger" ? "Trigger" : "Sample.Periodic")],
    });
  }

  /** MeterValues outside TransactionEvent: the EVSE's register, e.g. on TriggerMessage. */
  private sendMeterValues(evse: Evse, context: ReadingContext): void {
    const reading = evse.meter.read(new Date());
    this.queue.push(
      queuedMessage("MeterValues", () => ({ evseId: evse.id, meterValue: [toMeterValue(reading, context)] })),
    );
  }

  private variableChanged(component: string, variable: string): void {
    if (component === "OCPPCommCtrlr" && variable === "HeartbeatInterval" && this.online) this.restartHeartbeat();
    if (component === "SampledDataCtrlr" && variable === "TxUpdatedInterval") {
      for (const evse of this.evses) if (evse.transaction) this.startSampling(evse);
    }
  }

  // Messages

  private setStatus(evse: Evse, status: ConnectorStatus = evse.transaction ? "Occupied" : evse.idleStatus()): void {
    if (evse.status === status) return;
    evse.status = status;
    this.reportStatus(evse);
  }

  private reportStatus(evse: Evse): void {
    this.notify("StatusNotification", {
      timestamp: new Date().toISOString(),
      connectorStatus: evse.status,
      evseId: evse.id,
      connectorId: evse.connectorId,
    });
  }

  private notify<A extends NotificationAction>(action: A, request: Ocpp201Requests[A]): void {
    // While Pending, a station may answer the CSMS (and send the NotifyReport it asked for), nothing else (B02.FR.02).
    const allowed = this.online || (this.socketOpen && this.registration === "Pending" && action === "NotifyReport");
    if (!allowed) return;
    this.call(action, request).catch((error: unknown) => {
      if (this.socketOpen) this.log.warn(`${action} failed (${describe(error)})`);
    });
  }

  private call<A extends StationAction>(action: A, request: Ocpp201Requests[A]): Promise<Ocpp201Responses[A]> {
    return this.client.call(action, request) as Promise<Ocpp201Responses[A]>;
  }

  private answerCsms(handlers: CsmsRequestHandlers): void {
    for (const [action, handler] of Object.entries(handlers) as Array<[string, (request: unknown) => object]>) {
      this.client.handle(action, async ({ params }) => {
        const answer = handler(params);
        const status = (answer as { status?: string }).status;
        this.log.info(`${action}${status ? `: ${status}` : ""}`);
        return answer;
      });
    }
  }

  private context(): StationContext {
    return {
      identity: this.identity,
      evses: this.evses,
      deviceModel: this.deviceModel,
      localAuthList: this.localAuthList,
      chargingProfiles: this.chargingProfiles,
      timers: this.timers,
      log: this.log,
      progressStepMs: this.options.progressStepMs ?? 1000,
      accepted: () => this.registration === "Accepted",
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
      reboot: this.reboot.bind(this),
      setStatus: this.setStatus.bind(this),
      reportStatus: this.reportStatus.bind(this),
      notify: this.notify.bind(this),
      bootNotification: () => {
        this.bootReason = "Triggered";
        void this.boot();
      },
      sendMeterValues: this.sendMeterValues.bind(this),
      updateTransaction: this.updateTransaction.bind(this),
    };
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = (error as { code?: unknown }).code;
  return typeof status === "number" ? `HTTP ${status}` : error.message;
}
