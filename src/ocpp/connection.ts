import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { WebSocket } from "ws";
import { type CallOutcome, callOutcomeOf } from "./call-failures.js";
import {
  CallErrorResponse,
  CallTimeoutError,
  FramingError,
  InvalidResponseError,
  NotConnectedError,
  OcppError,
} from "./errors.js";
import {
  type Call,
  type CallError,
  type CallResult,
  type MessageType,
  parseFrame,
  serializeCall,
  serializeCallError,
  serializeCallResult,
} from "./framing.js";
import type { OcppProtocol } from "./protocol.js";

export type Direction = "INBOUND" | "OUTBOUND";

/** One frame as the audit log keeps it: raw text always, the parsed parts when the frame could be read. */
export type FrameRecord = {
  chargePointId: string;
  direction: Direction;
  raw: string;
  messageType: MessageType | null;
  uniqueId: string | null;
  action: string | null;
  payload: unknown;
  errorCode: string | null;
  errorDescription: string | null;
  /** Who asked for an outbound CALL, when someone did. */
  actor?: string | null;
  at: Date;
};

/** frame: the CALL as recorded for the audit log, so a handler can store it with its state change (AuditLog.claim). */
export type CallContext = { chargePointId: string; connection: ChargePointConnection; frame: FrameRecord };
export type CallHandler = (payload: Record<string, unknown>, context: CallContext) => Promise<object>;

/**
 * Optional observability hooks. They run synchronously on the hot path, so they must be cheap; a hook that throws
 * is logged and otherwise ignored. (Frames themselves are seen through recordFrame.)
 */
export type ConnectionObserver = {
  /** One of our CALLs was answered or given up on, durationMs after it was sent (time queued before it excluded). */
  onCallSettled?(action: string, outcome: CallOutcome, durationMs: number): void;
};

export type ConnectionOptions = {
  callTimeoutMs: number;
  maxBadFramesPerMinute: number;
  maxMessagesPerSecond: number;
  /** The version this connection speaks, chosen at the handshake. */
  protocol: OcppProtocol;
  recordFrame: (record: FrameRecord) => void;
  observer?: ConnectionObserver;
  logger: Logger;
};

/** The id OCPP-J uses when a CALLERROR answers a frame whose own unique id could not be read. */
const UNKNOWN_UNIQUE_ID = "-1";
const BAD_FRAME_WINDOW_MS = 60_000;
/** CALLs waiting for their turn beyond which a charger is flooding rather than bursting. */
const MAX_WAITING_CALLS = 100;
/**
 * Frames beyond the rate (and its burst) a charger may owe before it is flooding: the same 100 as waiting CALLs, for
 * every kind of frame (replies to nothing and garbage cost as much to read, record and log as CALLs).
 */
const MAX_FRAME_DEBT = MAX_WAITING_CALLS;
/**
 * A frame costs one token per started 4 KiB: a 1 MiB MeterValues costs 257 frames' worth, more than a charger at the
 * default rate may owe, so a flood of huge frames is closed before the first is parsed and stored. (At 8 KiB the
 * first of them got through, and its 22,000 readings held up everyone's group commit: bench --flood, p99 6.9x.)
 */
const FRAME_COST_BYTES = 4 * 1024;
/** Frames of a flooding connection recorded in the audit log beyond the rate; the rest are only counted. */
export const FLOOD_AUDIT_SAMPLE = 20;
/**
 * Frames past a connection's limits are kept in the audit sample with at most this much of their raw text: a flood
 * of 1 MiB frames would otherwise put megabytes into the audit log (and its write beside everyone's) for a sample.
 */
export const FLOOD_SAMPLE_BYTES = 4 * 1024;

/** A frame's raw text as the flood sample keeps it: cut to FLOOD_SAMPLE_BYTES, saying how long it was. */
function floodSampleText(data: Buffer): string {
  if (data.length <= FLOOD_SAMPLE_BYTES) return data.toString("utf8");
  return `${data.subarray(0, FLOOD_SAMPLE_BYTES).toString("utf8")}… [${data.length} bytes, cut to ${FLOOD_SAMPLE_BYTES}]`;
}
/** A peer closed for flooding that keeps sending instead of completing the closing handshake is cut off. */
const FLOOD_TERMINATE_AFTER_MS = 1000;

type QueuedCall = {
  action: string;
  actor: string | undefined;
  payload: object;
  timeoutMs: number;
  resolve: (payload: Record<string, unknown>) => void;
  reject: (error: Error) => void;
};
type OutstandingCall = QueuedCall & { uniqueId: string; timer: NodeJS.Timeout; sentAt: number };
/** A charger's CALL as recorded for the audit log, and when its turn comes under the message rate. */
type InboundCall = Call & { record: FrameRecord; dueAt: number };

/**
 * One charge point's OCPP-J session over one WebSocket: reads frames, answers its CALLs one at a time through the
 * registered handlers, and sends our CALLs one at a time, correlating each answer by unique id.
 */
export class ChargePointConnection {
  private readonly inboundQueue: InboundCall[] = [];
  private handlingInbound = false;
  private inboundGate: Promise<unknown> = Promise.resolve();
  private readonly outboundQueue: QueuedCall[] = [];
  private outstanding: OutstandingCall | undefined;
  private readonly badFrameTimes: number[] = [];
  private readonly rate: TokenBucket;
  private closed = false;
  /** Closed for flooding: whatever still arrives is counted, never handled. */
  private flooding = false;
  /** Frames not acted on that were recorded while over the limits, and those only counted. */
  private readonly floodSample = { recorded: 0, unrecorded: 0, since: undefined as Date | undefined };
  private readonly closeListeners: Array<(code: number, reason: string) => void> = [];
  readonly connectedAt = new Date();
  readonly log: Logger;

  constructor(
    readonly chargePointId: string,
    private readonly socket: WebSocket,
    private readonly options: ConnectionOptions,
    readonly remoteAddress?: string,
  ) {
    this.log = options.logger.child({ chargePointId });
    this.rate = new TokenBucket(options.maxMessagesPerSecond, options.maxMessagesPerSecond * 2);
    socket.on("message", (data, isBinary) => this.receive(data as Buffer, isBinary));
    socket.on("close", (code, reason) => this.onSocketClosed(code, reason.toString()));
    socket.on("error", (error) => this.log.warn({ err: error }, "WebSocket error"));
  }

  /** True once the connection was closed because the charger broke its limits (rate, backlog, malformed frames). */
  get closedForFlooding(): boolean {
    return this.flooding;
  }

  /** The subprotocol negotiated at the handshake ("ocpp1.6" or "ocpp2.0.1"). */
  get subprotocol(): OcppProtocol["subprotocol"] {
    return this.options.protocol.subprotocol;
  }

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === WebSocket.OPEN;
  }

  /** Number of our CALLs waiting behind the outstanding one. */
  get queuedCalls(): number {
    return this.outboundQueue.length;
  }

  /**
   * Stops reading the charger's socket: TCP flow control then slows the charger down, and nothing it sends is lost
   * (frames already read may still arrive). For backpressure from the audit log.
   */
  pauseReading(): void {
    this.socket.pause();
  }

  resumeReading(): void {
    this.socket.resume();
  }

  /** Holds the charge point's CALLs until `gate` settles, so its session exists before its first message. */
  holdInboundUntil(gate: Promise<unknown>): void {
    this.inboundGate = gate;
  }

  onClose(listener: (code: number, reason: string) => void): void {
    this.closeListeners.push(listener);
  }

  /**
   * Sends a CALL and resolves with the charge point's CALLRESULT payload. The payload is validated first (an
   * OcppError rejects it before anything is sent); calls wait in a queue so only one is outstanding at a time.
   */
  call(
    action: string,
    payload: object,
    options: { timeoutMs?: number; actor?: string } = {},
  ): Promise<Record<string, unknown>> {
    if (!this.isOpen) return Promise.reject(new NotConnectedError(this.chargePointId));
    try {
      this.options.protocol.validator.validate(action, "req", payload);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? this.options.callTimeoutMs;
      this.outboundQueue.push({ action, actor: options.actor, payload, timeoutMs, resolve, reject });
      this.sendNextCall();
    });
  }

  close(code = 1000, reason = ""): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close(code, reason);
    }
  }

  /** Drops the socket without a closing handshake, for peers that stopped answering pings. */
  terminate(): void {
    this.socket.terminate();
  }

  private sendNextCall(): void {
    if (this.outstanding || this.closed) return;
    const next = this.outboundQueue.shift();
    if (!next) return;
    const uniqueId = randomUUID();
    const timer = setTimeout(() => this.onCallTimeout(uniqueId), next.timeoutMs);
    this.outstanding = { ...next, uniqueId, timer, sentAt: performance.now() };
    const raw = serializeCall(uniqueId, next.action, next.payload);
    this.transmit(raw, {
      messageType: "CALL",
      uniqueId,
      action: next.action,
      payload: next.payload,
      actor: next.actor ?? null,
    });
  }

  private onCallTimeout(uniqueId: string): void {
    const call = this.outstanding;
    if (!call || call.uniqueId !== uniqueId) return;
    this.outstanding = undefined;
    this.log.warn({ uniqueId, action: call.action, timeoutMs: call.timeoutMs }, "Call timed out");
    this.failCall(call, new CallTimeoutError(call.action, call.timeoutMs));
    this.sendNextCall();
  }

  private settleOutstanding(frame: CallResult | CallError, raw: string): void {
    const call = this.outstanding;
    if (!call || call.uniqueId !== frame.uniqueId) {
      // Never answered (a CALLERROR back could start two peers answering each other), but a bad frame all the same.
      if (this.sampled()) {
        this.record("INBOUND", raw, frame, { action: null });
        this.log.warn(
          { uniqueId: frame.uniqueId, messageType: frame.messageType },
          `${frame.messageType} for no outstanding call ignored`,
        );
      }
      this.countBadFrame("Too many replies to no outstanding call");
      return;
    }
    clearTimeout(call.timer);
    this.outstanding = undefined;
    this.record("INBOUND", raw, frame, { action: call.action });
    if (frame.messageType === "CALLERROR") {
      this.log.info(
        { uniqueId: frame.uniqueId, action: call.action, errorCode: frame.errorCode },
        "Charge point answered with CALLERROR",
      );
      this.failCall(call, new CallErrorResponse(frame.errorCode, frame.errorDescription, frame.errorDetails));
    } else {
      try {
        this.options.protocol.validator.validate(call.action, "conf", frame.payload);
        this.observeSettled(call, "result");
        call.resolve(frame.payload);
      } catch (error) {
        const ocppError = error as OcppError;
        this.log.warn(
          { uniqueId: frame.uniqueId, action: call.action, err: ocppError },
          "Charge point answered with an invalid payload",
        );
        this.failCall(call, new InvalidResponseError(ocppError.code, ocppError.message));
      }
    }
    this.sendNextCall();
  }

  /**
   * Every frame, whatever its kind, first pays for itself from the message rate (by size); a charger that owes more
   * than MAX_FRAME_DEBT frames is flooding and is closed. Frames of a closed flooder are only counted.
   */
  private receive(data: Buffer, isBinary: boolean): void {
    const balance = this.rate.take(1 + Math.floor(data.length / FRAME_COST_BYTES));
    if (this.flooding) {
      if (this.sampled()) this.record("INBOUND", floodSampleText(data), null, {});
      return;
    }
    if (balance < -MAX_FRAME_DEBT) {
      if (this.sampled()) this.record("INBOUND", floodSampleText(data), null, {});
      this.closeForFlooding("Message rate exceeded", { owedFrames: Math.ceil(-balance) });
      return;
    }
    const raw = data.toString("utf8");
    let frame;
    try {
      if (isBinary) throw new FramingError("RpcFrameworkError", "OCPP-J frames must be text frames");
      frame = parseFrame(raw);
    } catch (error) {
      this.onBadFrame(raw, error as FramingError);
      return;
    }
    if (frame.messageType === "CALL") {
      const record = this.record("INBOUND", raw, frame, {});
      if (this.inboundQueue.length >= MAX_WAITING_CALLS) {
        this.closeForFlooding("Message rate exceeded", { waiting: this.inboundQueue.length });
        return;
      }
      this.inboundQueue.push({ ...frame, record, dueAt: performance.now() + this.rate.waitMs(balance) });
      void this.handleInboundCalls();
    } else {
      this.settleOutstanding(frame, raw);
    }
  }

  private onBadFrame(raw: string, error: FramingError): void {
    if (this.sampled()) {
      const code = this.options.protocol.spell(error.code);
      this.record("INBOUND", raw, null, { errorCode: code, errorDescription: error.message });
      this.log.warn({ uniqueId: error.uniqueId ?? null, code, reason: error.message }, "Malformed frame");
    }
    // A broken CALLRESULT or CALLERROR is not answered either: two peers could answer each other's errors for ever.
    if (!error.isReply) this.sendCallError(error.uniqueId ?? UNKNOWN_UNIQUE_ID, null, error);
    this.countBadFrame("Too many malformed frames");
  }

  private countBadFrame(reason: string): void {
    const now = Date.now();
    this.badFrameTimes.push(now);
    while (this.badFrameTimes.length > 0 && this.badFrameTimes[0]! < now - BAD_FRAME_WINDOW_MS)
      this.badFrameTimes.shift();
    if (this.badFrameTimes.length > this.options.maxBadFramesPerMinute) {
      this.closeForFlooding(reason, { badFrames: this.badFrameTimes.length });
    }
  }

  private closeForFlooding(reason: string, details: Record<string, unknown>): void {
    if (this.flooding) return;
    this.flooding = true;
    this.inboundQueue.length = 0;
    this.log.warn(details, `Closing connection: ${reason}`);
    this.close(1008, reason);
    // Reading stops at once (a flooder's next frames are not even unmasked); the peer has a moment to see the close.
    this.socket.pause();
    setTimeout(() => this.terminate(), FLOOD_TERMINATE_AFTER_MS).unref();
  }

  /**
   * Whether a frame the connection does not act on (a reply to nothing, a malformed frame, anything after a flood
   * closed it) is recorded and logged: always within the limits; beyond them a sample of FLOOD_AUDIT_SAMPLE, and the
   * rest only counted, in one summary entry when the connection closes. A flood cannot fill the audit log or the logs.
   */
  private sampled(): boolean {
    if (!this.flooding && this.rate.balance >= 0) return true;
    if (this.floodSample.recorded < FLOOD_AUDIT_SAMPLE) {
      this.floodSample.recorded++;
      return true;
    }
    this.floodSample.since ??= new Date();
    this.floodSample.unrecorded++;
    return false;
  }

  private recordFloodSummary(): void {
    const { recorded, unrecorded, since } = this.floodSample;
    if (unrecorded === 0) return;
    const description = `${unrecorded} more frames beyond the connection's limits were received and not recorded`;
    this.log.warn({ sampled: recorded, unrecorded }, description);
    this.safeRecord({
      chargePointId: this.chargePointId,
      direction: "INBOUND",
      raw: "",
      messageType: null,
      uniqueId: null,
      action: null,
      payload: { unrecordedFrames: unrecorded, sampledFrames: recorded, since: since!.toISOString() },
      errorCode: "FloodSummary",
      errorDescription: description,
      at: new Date(),
    });
  }

  /** Answers the charge point's CALLs strictly in the order they arrived, one at a time. */
  private async handleInboundCalls(): Promise<void> {
    if (this.handlingInbound) return;
    this.handlingInbound = true;
    try {
      await this.inboundGate;
      for (let next = this.inboundQueue.shift(); next; next = this.inboundQueue.shift()) {
        const wait = next.dueAt - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (this.closed || this.flooding) return;
        await this.handleCall(next);
      }
    } finally {
      this.handlingInbound = false;
    }
  }

  private async handleCall(call: Call & { record: FrameRecord }): Promise<void> {
    const { validator, handlers, admits } = this.options.protocol;
    try {
      if (!validator.knows(call.action)) {
        throw new OcppError("NotImplemented", `Action ${call.action} is not part of ${validator.title}`);
      }
      const refusal = admits?.(this.chargePointId, call.action);
      if (refusal) {
        throw new OcppError(refusal, `${call.action} is not allowed before the station's BootNotification is accepted`);
      }
      const handler = handlers.get(call.action);
      if (!handler)
        throw new OcppError("NotSupported", `Action ${call.action} is not supported by this central system`);
      validator.validate(call.action, "req", call.payload);
      const context = { chargePointId: this.chargePointId, connection: this, frame: call.record };
      const response = await handler(call.payload, context);
      try {
        validator.validate(call.action, "conf", response);
      } catch (error) {
        this.log.error(
          { err: error, uniqueId: call.uniqueId, action: call.action },
          "Handler produced an invalid response",
        );
        throw new OcppError("InternalError", `Could not produce a valid ${call.action} response`);
      }
      this.transmit(serializeCallResult(call.uniqueId, response), {
        messageType: "CALLRESULT",
        uniqueId: call.uniqueId,
        action: call.action,
        payload: response,
      });
    } catch (error) {
      if (!(error instanceof OcppError)) {
        this.log.error({ err: error, action: call.action, uniqueId: call.uniqueId }, "Handler failed");
      } else {
        this.log.info(
          { uniqueId: call.uniqueId, action: call.action, code: error.code },
          `Answered CALLERROR: ${error.message}`,
        );
      }
      const ocppError =
        error instanceof OcppError ? error : new OcppError("InternalError", `Failed to process ${call.action}`);
      this.sendCallError(call.uniqueId, call.action, ocppError);
    }
  }

  private sendCallError(uniqueId: string, action: string | null, error: OcppError): void {
    const code = this.options.protocol.spell(error.code);
    const raw = serializeCallError(uniqueId, code, error.message, error.details);
    this.transmit(raw, {
      messageType: "CALLERROR",
      uniqueId,
      action,
      payload: error.details,
      errorCode: code,
      errorDescription: error.message,
    });
  }

  private transmit(raw: string, parts: Partial<FrameRecord>): void {
    if (!this.isOpen) return;
    this.socket.send(raw);
    this.safeRecord({
      chargePointId: this.chargePointId,
      direction: "OUTBOUND",
      raw,
      messageType: null,
      uniqueId: null,
      action: null,
      payload: null,
      errorCode: null,
      errorDescription: null,
      at: new Date(),
      ...parts,
    });
  }

  private record(
    direction: Direction,
    raw: string,
    frame: Call | CallResult | CallError | null,
    extra: Partial<FrameRecord>,
  ): FrameRecord {
    return this.safeRecord({
      chargePointId: this.chargePointId,
      direction,
      raw,
      messageType: frame?.messageType ?? null,
      uniqueId: frame?.uniqueId ?? null,
      action: frame && "action" in frame ? frame.action : null,
      payload: frame && "payload" in frame ? frame.payload : (frame?.errorDetails ?? null),
      errorCode: frame && "errorCode" in frame ? frame.errorCode : null,
      errorDescription: frame && "errorDescription" in frame ? frame.errorDescription : null,
      at: new Date(),
      ...extra,
    });
  }

  /** The audit log must never break the conversation with the charger. */
  private safeRecord(record: FrameRecord): FrameRecord {
    try {
      this.options.recordFrame(record);
    } catch (error) {
      this.log.error(
        { err: error, uniqueId: record.uniqueId, action: record.action },
        "Could not record frame in the audit log",
      );
    }
    if (this.log.isLevelEnabled("debug")) {
      const { direction, messageType, uniqueId, action, errorCode } = record;
      this.log.debug({ direction, messageType, uniqueId, action, errorCode }, "OCPP frame");
    }
    return record;
  }

  /** Rejects a sent CALL, observed under the outcome the call-failure table gives its error. */
  private failCall(call: OutstandingCall, error: Error): void {
    const outcome = callOutcomeOf(error);
    if (outcome) this.observeSettled(call, outcome);
    call.reject(error);
  }

  private observeSettled(call: OutstandingCall, outcome: CallOutcome): void {
    const observer = this.options.observer;
    if (!observer?.onCallSettled) return;
    try {
      observer.onCallSettled(call.action, outcome, performance.now() - call.sentAt);
    } catch (error) {
      this.log.error({ err: error, uniqueId: call.uniqueId, action: call.action }, "Call observer failed");
    }
  }

  private onSocketClosed(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    const error = new NotConnectedError(this.chargePointId);
    if (this.outstanding) {
      clearTimeout(this.outstanding.timer);
      this.failCall(this.outstanding, error);
      this.outstanding = undefined;
    }
    for (const queued of this.outboundQueue.splice(0)) queued.reject(error);
    this.inboundQueue.length = 0;
    this.recordFloodSummary();
    for (const listener of this.closeListeners) listener(code, reason);
  }
}

/**
 * Allows `ratePerSecond` on average with bursts up to `capacity`. take() spends tokens and returns the balance left,
 * negative when the taker owes tokens (and must wait waitMs(balance) for them).
 */
class TokenBucket {
  private tokens: number;
  private updatedAt = performance.now();

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
  ) {
    this.tokens = capacity;
  }

  get balance(): number {
    this.refill();
    return this.tokens;
  }

  take(cost: number): number {
    this.refill();
    this.tokens -= cost;
    return this.tokens;
  }

  waitMs(balance: number): number {
    return balance >= 0 ? 0 : (-balance / this.ratePerSecond) * 1000;
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSecond);
    this.updatedAt = now;
  }
}
