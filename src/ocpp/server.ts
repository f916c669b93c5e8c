import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer, type Server as TlsServer } from "node:https";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import proxyAddress from "proxy-addr";
import { type WebSocket, WebSocketServer } from "ws";
import { ChargePointConnection, type ConnectionObserver, type FrameRecord } from "./connection.js";
import type { OcppRequests, OcppResponses } from "../generated/ocpp-types.js";
import { NotConnectedError } from "./errors.js";
import { FloodBackoff } from "./flood-backoff.js";
import { type OcppProtocol, type OcppSubprotocol, validatorFor } from "./protocol.js";

/** Identities are printable ASCII without separators; 48 characters is the OCPP chargeBoxIdentity limit. */
const IDENTITY_PATTERN = /^[A-Za-z0-9._~:@!$&'()*+,;=-]{1,48}$/;

export type OcppServerOptions = {
  host: string;
  port: number;
  callTimeoutMs: number;
  maxFrameBytes: number;
  pingIntervalMs: number;
  maxBadFramesPerMinute: number;
  /** CALLs a charger may send per second; beyond it they wait, and a long backlog closes the connection. */
  maxMessagesPerSecond: number;
  /** Serve wss:// (OCPP security profile 2). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /**
   * The proxies whose X-Forwarded-For is believed (a proxy-addr trust function); without it the socket's peer is
   * the charger's address. Behind a load balancer every charger would otherwise share the balancer's address.
   */
  trustProxy?: (address: string, hop: number) => boolean;
  /** Decides whether a handshake may proceed (registry, HTTP Basic); accepted when absent. */
  authorizeHandshake?: (handshake: HandshakeRequest) => Promise<HandshakeDecision>;
  /** The versions accepted, in the server's order of preference (the newest first). */
  protocols: readonly OcppProtocol[];
  recordFrame: (record: FrameRecord) => void;
  /** Observability hooks for every connection (metrics); the protocol layer knows nothing of what they feed. */
  observer?: ConnectionObserver;
  onConnect?: (connection: ChargePointConnection) => void | Promise<void>;
  /** replaced is true when the same identity connected again and this socket was closed for it. */
  onDisconnect?: (
    connection: ChargePointConnection,
    details: { replaced: boolean; code: number },
  ) => void | Promise<void>;
  logger: Logger;
};

/** What a handshake check sees of a charger's connection attempt, and (below) what it decides. */
export type HandshakeRequest = {
  chargePointId: string;
  authorization: string | undefined;
  remoteAddress: string | undefined;
};
export type HandshakeDecision = { accepted: true } | { accepted: false; status: 401 | 404 | 429; reason: string };

/**
 * Reads the charge point identity from the last path segment: `/CP001` and `/ocpp/CP001` both name CP001. OCPP-J
 * appends the identity to the endpoint URL, so a URL ending in `/` (`/ocpp/`) names no charger at all.
 */
export function identityFromUrl(url: string | undefined): string | undefined {
  const path = (url ?? "").split("?")[0] ?? "";
  const segment = path.split("/").pop();
  if (!segment) return undefined;
  let identity: string;
  try {
    identity = decodeURIComponent(segment);
  } catch {
    return undefined;
  }
  // `.` and `..` are path segments every URL resolver removes: no page or API path could name such a station.
  return IDENTITY_PATTERN.test(identity) && identity !== "." && identity !== ".." ? identity : undefined;
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  429: "Too Many Requests",
  503: "Service Unavailable",
};

function refuseUpgrade(socket: Duplex, status: number, message: string, retryAfterSeconds?: number): void {
  const reason = STATUS_TEXT[status] ?? "Error";
  const challenge = status === 401 ? 'WWW-Authenticate: Basic realm="OCPP", charset="UTF-8"\r\n' : "";
  const retryAfter = retryAfterSeconds === undefined ? "" : `Retry-After: ${retryAfterSeconds}\r\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\n${challenge}${retryAfter}Content-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
  );
}

/** The OCPP-J WebSocket endpoint (1.6 and 2.0.1 on one port) and the registry of connected charge points. */
export class OcppServer {
  private readonly connections = new Map<string, ChargePointConnection>();
  private readonly replaced = new WeakSet<ChargePointConnection>();
  private readonly alive = new WeakMap<WebSocket, boolean>();
  /** Requests are checked before anyone knows which version will carry them: as 1.6 commands, which they are today. */
  private readonly validator = validatorFor("ocpp1.6");
  private readonly protocols: ReadonlyMap<string, OcppProtocol>;
  private readonly subprotocolList: string;
  private readonly http: Server | TlsServer;
  private readonly wss: WebSocketServer;
  private pingTimer: NodeJS.Timeout | undefined;
  private readonly pendingHooks = new Set<Promise<void>>();
  private readonly floodBackoff = new FloodBackoff();
  private closing = false;
  private readingPaused = false;

  constructor(private readonly options: OcppServerOptions) {
    if (options.protocols.length === 0) throw new Error("The OCPP server needs at least one protocol version");
    this.protocols = new Map(options.protocols.map((protocol) => [protocol.subprotocol, protocol]));
    this.subprotocolList = options.protocols.map((protocol) => protocol.subprotocol).join(" or ");
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxFrameBytes,
      // The server's preference decides, not the order the charger lists them in (RFC 6455 leaves it to the server).
      handleProtocols: (offered) => this.negotiate(offered) ?? false,
    });
    const explain = (_request: IncomingMessage, response: ServerResponse) => {
      response.writeHead(426, { "Content-Type": "text/plain", Upgrade: "websocket" });
      response.end(
        `Connect with a WebSocket client using subprotocol ${this.subprotocolList}: ws://host:port/{chargePointId}`,
      );
    };
    this.http = options.tls
      ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, explain)
      : createServer(explain);
    this.http.on("upgrade", (request, socket, head) => void this.upgrade(request, socket, head));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(this.options.port, this.options.host, () => resolve());
    });
    if (this.options.pingIntervalMs > 0) {
      this.pingTimer = setInterval(() => this.pingAll(), this.options.pingIntervalMs);
      this.pingTimer.unref();
    }
    const address = this.http.address();
    return typeof address === "object" && address ? address.port : this.options.port;
  }

  get(chargePointId: string): ChargePointConnection | undefined {
    return this.connections.get(chargePointId);
  }

  connectedIds(): string[] {
    return [...this.connections.keys()];
  }

  /** Throws the OcppError a request that breaks its action's schema gets; nothing is sent. */
  validateRequest<A extends keyof OcppRequests>(action: A, request: OcppRequests[A]): void {
    this.validator.validate(action, "req", request);
  }

  /** Throws what send() would reject with before sending anything: a schema violation or NotConnectedError. */
  assertSendable<A extends keyof OcppRequests>(chargePointId: string, action: A, request: OcppRequests[A]): void {
    this.validateRequest(action, request);
    if (!this.connections.get(chargePointId)?.isOpen) throw new NotConnectedError(chargePointId);
  }

  /**
   * Stops (true) or resumes (false) reading every charger's socket, those that connect meanwhile included: the
   * backpressure of a writer that cannot keep up (the audit log). Chargers are slowed down by TCP, not dropped.
   */
  setReadingPaused(paused: boolean): void {
    if (paused === this.readingPaused) return;
    this.readingPaused = paused;
    for (const connection of this.connections.values()) {
      if (paused) connection.pauseReading();
      else connection.resumeReading();
    }
    // Pongs were not read while paused: nobody is dropped for that.
    if (!paused) for (const ws of this.wss.clients) this.alive.set(ws, true);
  }

  /** Closes this identity's socket because it connected to another instance; its state stays as it is. */
  dropReplaced(chargePointId: string): void {
    const connection = this.connections.get(chargePointId);
    if (!connection) return;
    this.replaced.add(connection);
    connection.log.info("Connected to another instance; closing this socket");
    connection.close(1000, "Replaced by a connection to another instance");
  }

  /**
   * Sends a CALL to a connected charge point and resolves with its validated answer. Rejects with
   * NotConnectedError (no socket here, or it closed while waiting), CallTimeoutError, CallErrorResponse,
   * InvalidResponseError, or an OcppError when the request itself breaks the OCPP schema (nothing is sent).
   */
  send<A extends keyof OcppRequests>(
    chargePointId: string,
    action: A,
    request: OcppRequests[A],
    options?: { timeoutMs?: number; actor?: string },
  ): Promise<OcppResponses[A]> {
    const connection = this.connections.get(chargePointId);
    // The connection validates the request (once, here) and the answer against the action's schemas.
    if (connection?.isOpen) {
      return connection.call(action, request, options) as Promise<unknown> as Promise<OcppResponses[A]>;
    }
    try {
      // A request that breaks the schema is refused as such whether or not the charger is connected.
      this.validateRequest(action, request);
      return Promise.reject(new NotConnectedError(chargePointId));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Stops accepting, closes every charger socket with 1001 (going away) and waits for them to close. */
  async close(): Promise<void> {
    // Stop listening first: a charger that reconnects while the others are still closing must not get a socket that
    // nothing closes (the listener would wait for it for ever, and the process would never exit).
    this.closing = true;
    // Closing handshakes must be read.
    this.setReadingPaused(false);
    const stopped = new Promise<void>((resolve) => this.http.close(() => resolve()));
    clearInterval(this.pingTimer);
    const closing = [...this.connections.values()].map(
      (connection) =>
        new Promise<void>((resolve) => {
          connection.onClose(() => resolve());
          connection.close(1001, "Central system shutting down");
          setTimeout(() => {
            connection.terminate();
            resolve();
          }, 2000).unref();
        }),
    );
    await Promise.all(closing);
    // The disconnect hooks write and publish: they finish before whatever they use is closed.
    await Promise.all(this.pendingHooks);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await stopped;
  }

  /** The newest accepted version the charger offers. */
  private negotiate(offered: ReadonlySet<string>): OcppSubprotocol | undefined {
    return this.options.protocols.find((protocol) => offered.has(protocol.subprotocol))?.subprotocol;
  }

  /** The charger's address: the socket's peer, or what trusted proxies in front of us say it is. */
  private remoteAddress(request: IncomingMessage): string | undefined {
    const { trustProxy } = this.options;
    if (!trustProxy || !request.socket.remoteAddress) return request.socket.remoteAddress;
    return proxyAddress(request, trustProxy);
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on("error", () => socket.destroy());
    const identity = identityFromUrl(request.url);
    const remoteAddress = this.remoteAddress(request);
    const log = this.options.logger.child({ remoteAddress, url: request.url });
    if (!identity) {
      log.warn("Refused handshake: no valid charge point identity in the URL");
      return refuseUpgrade(socket, 400, "The URL must end with a valid charge point identity");
    }
    const offered = (request.headers["sec-websocket-protocol"] ?? "").split(",").map((p) => p.trim());
    if (!this.negotiate(new Set(offered))) {
      log.warn({ chargePointId: identity, offered }, `Refused handshake: neither ${this.subprotocolList} offered`);
      return refuseUpgrade(socket, 400, `Subprotocol ${this.subprotocolList} is required`);
    }
    // Before any password check: a charger closed for flooding that reconnects at once costs a few bytes.
    const backoffMs = this.floodBackoff.retryAfterMs(identity, remoteAddress);
    if (backoffMs > 0) {
      const retryAfter = Math.ceil(backoffMs / 1000);
      log.warn({ chargePointId: identity, retryAfter }, "Refused handshake: closed for flooding, backing off");
      return refuseUpgrade(socket, 429, "Closed for flooding: retry later", retryAfter);
    }
    if (this.options.authorizeHandshake) {
      let decision: HandshakeDecision;
      try {
        decision = await this.options.authorizeHandshake({
          chargePointId: identity,
          authorization: request.headers.authorization,
          remoteAddress,
        });
      } catch (error) {
        log.error({ err: error, chargePointId: identity }, "Handshake check failed");
        return refuseUpgrade(socket, 503, "Try again later");
      }
      if (!decision.accepted) {
        log.warn({ chargePointId: identity, status: decision.status }, `Refused handshake: ${decision.reason}`);
        return refuseUpgrade(socket, decision.status, decision.reason);
      }
    }
    if (socket.destroyed) return;
    if (this.closing) return refuseUpgrade(socket, 503, "Central system shutting down");
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(identity, ws, remoteAddress));
  }

  private accept(chargePointId: string, ws: WebSocket, remoteAddress: string | undefined): void {
    const { logger, recordFrame, callTimeoutMs, maxBadFramesPerMinute, maxMessagesPerSecond } = this.options;
    const connection = new ChargePointConnection(
      chargePointId,
      ws,
      {
        // handleProtocols chose one of ours.
        protocol: this.protocols.get(ws.protocol)!,
        recordFrame,
        callTimeoutMs,
        maxBadFramesPerMinute,
        maxMessagesPerSecond,
        observer: this.options.observer,
        logger,
      },
      remoteAddress,
    );
    this.alive.set(ws, true);
    ws.on("pong", () => this.alive.set(ws, true));
    if (this.readingPaused) connection.pauseReading();

    const previous = this.connections.get(chargePointId);
    if (previous) {
      this.replaced.add(previous);
      previous.log.info("Replaced by a new connection with the same identity");
      previous.close(1000, "Replaced by a new connection");
    }
    this.connections.set(chargePointId, connection);
    connection.log.info({ remoteAddress }, "Charge point connected");

    const connected = this.runHook("onConnect", connection, () => this.options.onConnect?.(connection));
    connection.holdInboundUntil(connected);
    connection.onClose((code, reason) => {
      if (connection.closedForFlooding) {
        const backoffMs = this.floodBackoff.offence(chargePointId, remoteAddress);
        connection.log.warn({ backoffMs }, "Closed for flooding: handshakes refused for a while");
      }
      const replaced = this.replaced.has(connection);
      if (this.connections.get(chargePointId) === connection) this.connections.delete(chargePointId);
      connection.log.info({ code, reason, replaced }, "Charge point disconnected");
      const disconnected = connected.then(() =>
        this.runHook("onDisconnect", connection, () => this.options.onDisconnect?.(connection, { replaced, code })),
      );
      this.pendingHooks.add(disconnected);
      void disconnected.finally(() => this.pendingHooks.delete(disconnected));
    });
  }

  private async runHook(
    name: string,
    connection: ChargePointConnection,
    hook: () => void | Promise<void>,
  ): Promise<void> {
    try {
      await hook();
    } catch (error) {
      connection.log.error({ err: error }, `${name} hook failed`);
    }
  }

  private pingAll(): void {
    // A paused socket's pongs wait unread: its silence says nothing.
    if (this.readingPaused) return;
    for (const ws of this.wss.clients) {
      if (this.alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      this.alive.set(ws, false);
      ws.ping();
    }
  }
}
