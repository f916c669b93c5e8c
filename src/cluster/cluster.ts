import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import superjson from "superjson";
import type { ChargePointCommands } from "../ocpp/charge-point-commands.js";
import type { OcppRequests, OcppResponses } from "../generated/ocpp-types.js";
import { NotConnectedError } from "../ocpp/errors.js";
import type { OcppServer } from "../ocpp/server.js";
import { deserializeCallFailure, serializeCallFailure, type SerializedCallFailure } from "./call-failures.js";

type RemoteCall = {
  requestId: string;
  replyTo: string;
  chargePointId: string;
  action: keyof OcppRequests;
  request: object;
  actor?: string;
};
type RemoteReply = { requestId: string } & (
  { ok: true; response: unknown } | { ok: false; failure: SerializedCallFailure }
);

export type ClusterOptions = { keyPrefix: string; callTimeoutMs: number; ownershipTtlSeconds?: number };

// Takes the key only when it is free or already ours, so a late refresh cannot steal a charger back.
const CLAIM_IF_FREE_OR_OURS = `
local current = redis.call('GET', KEYS[1])
if current == false or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return 1
end
return 0`;
const RELEASE_IF_OURS = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * Several instances behind a load balancer acting as one. Redis keeps which instance holds each charger's socket
 * (a key per charger with a TTL its holder refreshes); a command for a charger held elsewhere travels over Redis
 * pub/sub to the holder, runs there through the charger's one-at-a-time queue, and its answer (or failure, with the
 * same error classes) comes back. A charger connecting to a new instance takes over and the old one drops its socket.
 */
export class Cluster implements ChargePointCommands {
  readonly instanceId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly waiting = new Map<string, { resolve: (reply: RemoteReply) => void; timer: NodeJS.Timeout }>();
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly ttlSeconds: number;

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly ocpp: OcppServer,
    private readonly logger: Logger,
    private readonly options: ClusterOptions,
  ) {
    this.ttlSeconds = options.ownershipTtlSeconds ?? 30;
  }

  private ownerKey = (chargePointId: string) => `${this.options.keyPrefix}owner:${chargePointId}`;
  private channel = (name: string) => `${this.options.keyPrefix}${name}`;

  async start(): Promise<void> {
    this.subscriber.on("message", (channel: string, message: string) => void this.onMessage(channel, message));
    await this.subscriber.subscribe(
      this.channel(`calls:${this.instanceId}`),
      this.channel(`replies:${this.instanceId}`),
      this.channel("takeovers"),
    );
    this.refreshTimer = setInterval(() => void this.refreshOwnership(), (this.ttlSeconds * 1000) / 3);
    this.refreshTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.refreshTimer);
    await Promise.all(this.ocpp.connectedIds().map((id) => this.release(id)));
    await this.subscriber.unsubscribe();
  }

  /** Records this instance as the holder and tells any other holder to let go. */
  async claim(chargePointId: string): Promise<void> {
    await this.redis.set(this.ownerKey(chargePointId), this.instanceId, "EX", this.ttlSeconds);
    await this.redis.publish(this.channel("takeovers"), JSON.stringify({ chargePointId, instanceId: this.instanceId }));
  }

  async release(chargePointId: string): Promise<void> {
    await this.redis.eval(RELEASE_IF_OURS, 1, this.ownerKey(chargePointId), this.instanceId);
  }

  /** Which of these chargers some instance holds right now. */
  async heldOf(chargePointIds: string[]): Promise<Set<string>> {
    const held = new Set<string>();
    // In slices, so that a sweep over a whole network never blocks Redis for long.
    for (let start = 0; start < chargePointIds.length; start += 1000) {
      const slice = chargePointIds.slice(start, start + 1000);
      const owners = await this.redis.mget(slice.map(this.ownerKey));
      slice.forEach((id, index) => owners[index] !== null && held.add(id));
    }
    return held;
  }

  async send<A extends keyof OcppRequests>(
    chargePointId: string,
    action: A,
    request: OcppRequests[A],
    options: { actor?: string } = {},
  ): Promise<OcppResponses[A]> {
    if (this.ocpp.get(chargePointId)?.isOpen) return this.ocpp.send(chargePointId, action, request, options);
    const owner = await this.redis.get(this.ownerKey(chargePointId));
    // The local server validates the request as it sends it, or refuses it as invalid or not connected.
    if (!owner || owner === this.instanceId) return this.ocpp.send(chargePointId, action, request, options);
    // Refused here rather than a round trip away; the holder validates what it is asked to send all the same.
    this.ocpp.validateRequest(action, request);

    const requestId = randomUUID();
    // The holder applies the call timeout once the CALL leaves its queue; this bound only covers a holder that dies
    // after the call reached it.
    const waitMs = this.options.callTimeoutMs * 2 + 5000;
    const reply = await new Promise<RemoteReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(requestId);
        resolve({ requestId, ok: false, failure: { kind: "Timeout", action, timeoutMs: waitMs } });
      }, waitMs);
      // Registered before publishing: the holder's reply may arrive before PUBLISH's own answer does.
      this.waiting.set(requestId, { resolve, timer });
      const call: RemoteCall = {
        requestId,
        replyTo: this.instanceId,
        chargePointId,
        action,
        request,
        actor: options.actor,
      };
      const giveUp = (settle: () => void) => {
        clearTimeout(timer);
        this.waiting.delete(requestId);
        settle();
      };
      this.redis.publish(this.channel(`calls:${owner}`), superjson.stringify(call)).then(
        // PUBLISH answers how many subscribers got the message. None: the holder is gone (crashed, its ownership
        // key not yet expired), so nobody will ever answer; say so now rather than after waitMs.
        (receivers) =>
          receivers === 0 &&
          giveUp(() => resolve({ requestId, ok: false, failure: { kind: "NotConnected", chargePointId } })),
        (error: unknown) => giveUp(() => reject(error as Error)),
      );
    });
    if (!reply.ok) throw deserializeCallFailure(reply.failure);
    return reply.response as OcppResponses[A];
  }

  async assertSendable<A extends keyof OcppRequests>(chargePointId: string, action: A, request: OcppRequests[A]) {
    if (this.ocpp.get(chargePointId)?.isOpen) return this.ocpp.assertSendable(chargePointId, action, request);
    this.ocpp.validateRequest(action, request);
    const heldSomewhere = (await this.redis.exists(this.ownerKey(chargePointId))) > 0;
    if (!heldSomewhere && !this.ocpp.get(chargePointId)?.isOpen) throw new NotConnectedError(chargePointId);
  }

  private async onMessage(channel: string, message: string): Promise<void> {
    try {
      if (channel === this.channel("takeovers")) {
        const { chargePointId, instanceId } = JSON.parse(message) as { chargePointId: string; instanceId: string };
        if (instanceId !== this.instanceId) this.ocpp.dropReplaced(chargePointId);
      } else if (channel === this.channel(`calls:${this.instanceId}`)) {
        await this.runRemoteCall(superjson.parse<RemoteCall>(message));
      } else if (channel === this.channel(`replies:${this.instanceId}`)) {
        const reply = superjson.parse<RemoteReply>(message);
        const waiting = this.waiting.get(reply.requestId);
        if (!waiting) return;
        clearTimeout(waiting.timer);
        this.waiting.delete(reply.requestId);
        waiting.resolve(reply);
      }
    } catch (error) {
      this.logger.error({ err: error, channel }, "Could not handle a cluster message");
    }
  }

  private async runRemoteCall(call: RemoteCall): Promise<void> {
    let reply: RemoteReply;
    try {
      const response = await this.ocpp.send(call.chargePointId, call.action, call.request as never, {
        actor: call.actor,
      });
      reply = { requestId: call.requestId, ok: true, response };
    } catch (error) {
      reply = { requestId: call.requestId, ok: false, failure: serializeCallFailure(error) };
    }
    await this.redis.publish(this.channel(`replies:${call.replyTo}`), superjson.stringify(reply));
  }

  private async refreshOwnership(): Promise<void> {
    const ids = this.ocpp.connectedIds();
    if (ids.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.eval(CLAIM_IF_FREE_OR_OURS, 1, this.ownerKey(id), this.instanceId, this.ttlSeconds);
    await pipeline.exec().catch((error: unknown) => this.logger.error({ err: error }, "Ownership refresh failed"));
  }
}
