import type { SimulatorLogger } from "./logger.js";
import type { Timers } from "./timers.js";

/**
 * A queued message builds its request when it is sent, so that it can name an id that was not known when it was
 * queued (1.6: the transactionId of a StartTransaction still waiting in the queue); undefined means there is nothing
 * left to send. Each version's station makes them with its own typed factory.
 */
export type QueuedMessage = {
  action: string;
  request(): object | undefined;
  answered?(answer: unknown): void;
};

export type QueueTransport = {
  canSend(): boolean;
  send(action: string, request: object): Promise<unknown>;
};

const RETRY_AFTER_MS = 10_000;

/**
 * Transaction-related messages in the order they happened (OCPP 1.6 section 4.7 and 2.0.1 E04 ask stations not to
 * lose them).
 * They are sent one at a time while the charge point is online and kept while it is not. A message the central
 * system answers with a CALLERROR is dropped, so that one bad message never blocks the rest.
 */
export class TransactionMessageQueue {
  private readonly messages: QueuedMessage[] = [];
  private sending = false;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly transport: QueueTransport,
    private readonly timers: Timers,
    private readonly log: SimulatorLogger,
  ) {}

  get length(): number {
    return this.messages.length;
  }

  push(message: QueuedMessage): void {
    this.messages.push(message);
    void this.drain();
  }

  /** Sends what is queued while online; resolves when the queue is empty or has to wait for the connection. */
  drain(): Promise<void> {
    if (!this.sending) this.idle = this.sendQueued();
    return this.idle;
  }

  private async sendQueued(): Promise<void> {
    this.sending = true;
    try {
      while (this.messages.length > 0 && this.transport.canSend()) {
        const message = this.messages[0]!;
        const request = message.request();
        let answer: unknown;
        if (request) {
          try {
            answer = await this.transport.send(message.action, request);
          } catch (error) {
            const callError = (error as { rpcErrorCode?: unknown }).rpcErrorCode; // ocpp-rpc's RPCError
            if (typeof callError !== "string") {
              // Disconnected or timed out: keep it. A reconnect drains again; a live connection retries soon.
              if (this.transport.canSend()) this.timers.after(RETRY_AFTER_MS, () => void this.drain());
              return;
            }
            this.log.warn(`${message.action} dropped: the central system answered ${callError}`);
          }
        }
        this.messages.shift();
        if (answer !== undefined) message.answered?.(answer);
      }
    } finally {
      this.sending = false;
    }
  }
}
