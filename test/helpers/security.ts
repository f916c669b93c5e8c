import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import type { IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createClient } from "graphql-ws";
import { RPCClient } from "ocpp-rpc";
import type { RPC_ClientOptions } from "ocpp-rpc/lib/client.js";
import WebSocket from "ws";
import { TokenService } from "../../src/auth/tokens.js";
import type { Role } from "../../src/auth/roles.js";
import { UserService } from "../../src/domain/users.js";
import type { TestApp } from "./app.js";
import type { GraphQLResponse } from "./graphql.js";

// Helpers for the security tests: handshakes whose refusal can be inspected, GraphQL with credentials, graphql-ws
// with connectionParams, users and API keys made with the real domain services, and a throwaway TLS certificate.

/** An HTTP Basic Authorization header value. */
export const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;

export type HandshakeOutcome =
  | { status: 101; protocol: string }
  | { status: number; headers: IncomingHttpHeaders; body: string }
  | { status: "error"; error: Error };

export type HandshakeOptions = {
  protocols?: string[];
  authorization?: string;
  /** A loopback source address (127.0.0.2, ...), to stand for another client. */
  localAddress?: string;
  ca?: Buffer | string;
  rejectUnauthorized?: boolean;
  /** More request headers (X-Forwarded-For, ...). */
  headers?: Record<string, string>;
};

/** Attempts a WebSocket handshake and reports how it ended; an accepted socket is closed again at once. */
export function attemptHandshake(url: string, options: HandshakeOptions = {}): Promise<HandshakeOutcome> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, options.protocols ?? ["ocpp1.6"], {
      headers: { ...options.headers, ...(options.authorization ? { authorization: options.authorization } : {}) },
      localAddress: options.localAddress,
      ca: options.ca,
      rejectUnauthorized: options.rejectUnauthorized,
      handshakeTimeout: 5000,
    });
    let settled = false;
    const settle = (outcome: HandshakeOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    socket.once("unexpected-response", (request, response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        settle({ status: response.statusCode ?? 0, headers: response.headers, body });
        request.destroy();
      });
      response.on("error", () => settle({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    socket.once("open", () => {
      settle({ status: 101, protocol: socket.protocol });
      socket.close();
    });
    socket.once("error", (error) => settle({ status: "error", error }));
  });
}

/** The HTTP status a handshake ended with: 101 when accepted, "error" when no HTTP answer came. */
export const handshakeStatus = async (url: string, options?: HandshakeOptions) =>
  (await attemptHandshake(url, options)).status;

export type ChargerOptions = { password?: string; localAddress?: string; ca?: Buffer; endpoint?: string };

/** A strict ocpp-rpc charger that authenticates with HTTP Basic when given a password. */
export async function connectCharger(app: TestApp, identity: string, options: ChargerOptions = {}): Promise<RPCClient> {
  const wsOpts: Record<string, unknown> = {};
  if (options.localAddress) wsOpts.localAddress = options.localAddress;
  if (options.ca) wsOpts.ca = options.ca;
  const clientOptions: Partial<RPC_ClientOptions> = {
    endpoint: options.endpoint ?? app.ocppUrl,
    identity,
    protocols: ["ocpp1.6"],
    strictMode: true,
    reconnect: false,
    ...(options.password !== undefined ? { password: options.password } : {}),
    wsOpts: wsOpts as RPC_ClientOptions["wsOpts"],
  };
  const client = new RPCClient(clientOptions as RPC_ClientOptions);
  await client.connect();
  return client;
}

export type HttpGraphQLResult<T> = { status: number; headers: Headers; body: GraphQLResponse<T> };

/**
 * POSTs a GraphQL operation. `credential` is a JWT or an API key sent as `Authorization: Bearer <credential>`;
 * pass `headers.authorization` instead to send any other Authorization value.
 */
export async function graphqlAs<T = Record<string, any>>(
  url: string,
  credential: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<HttpGraphQLResult<T>> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
      ...(credential ? { authorization: `Bearer ${credential}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: GraphQLResponse<T>;
  try {
    body = JSON.parse(text) as GraphQLResponse<T>;
  } catch {
    body = { errors: [{ message: `non-JSON response: ${text.slice(0, 200)}` }] };
  }
  return { status: response.status, headers: response.headers, body };
}

/** The error codes of a GraphQL response, in order. */
export const errorCodes = (body: GraphQLResponse) => (body.errors ?? []).map((error) => error.extensions?.code);

export type SubscriptionProbe<T> = {
  /** Resolves once the server acknowledged the connection (connection_ack), or rejects when it was refused. */
  connected: Promise<void>;
  events: T[];
  errors: Array<{ message: string; extensions?: Record<string, unknown> }>;
  /** The close event's code, once the socket closed. */
  closeCode: number | undefined;
  /** Resolves when an event, an error or a close arrived, or after timeoutMs. */
  settled(timeoutMs?: number): Promise<void>;
  /** Resolves with the first event that matches, or rejects after timeoutMs. */
  next(match?: (event: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
};

/** A graphql-ws subscription that sends `connectionParams` and records every outcome, including refusals. */
export function probeSubscription<T = Record<string, any>>(
  httpUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  connectionParams: Record<string, unknown> = {},
): SubscriptionProbe<T> {
  const wakers: Array<() => void> = [];
  const wake = () => {
    for (const waker of wakers.splice(0)) waker();
  };
  let resolveConnected!: () => void;
  let rejectConnected!: (error: Error) => void;
  const connected = new Promise<void>((resolve, reject) => {
    resolveConnected = resolve;
    rejectConnected = reject;
  });
  connected.catch(() => undefined);
  const probe: SubscriptionProbe<T> = {
    connected,
    events: [],
    errors: [],
    closeCode: undefined,
    async settled(timeoutMs = 3000) {
      if (probe.events.length || probe.errors.length || probe.closeCode !== undefined) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        wakers.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    async next(match = () => true, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = probe.events.find(match);
        if (found) return found;
        if (probe.errors.length) throw new Error(`subscription failed: ${JSON.stringify(probe.errors)}`);
        if (probe.closeCode !== undefined) throw new Error(`subscription socket closed with ${probe.closeCode}`);
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`no matching subscription event within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, remaining);
          wakers.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    async close() {
      dispose();
      await client.dispose();
    },
  };
  const client = createClient({
    url: httpUrl.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams,
    // Refusals are what these probes look for: record them, do not print them.
    onNonLazyError: () => undefined,
    on: {
      connected: () => setTimeout(resolveConnected, 50),
      closed: (event) => {
        probe.closeCode = (event as { code?: number }).code ?? -1;
        rejectConnected(new Error(`closed with ${probe.closeCode}`));
        wake();
      },
    },
  });
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) probe.errors.push(...(result.errors as SubscriptionProbe<T>["errors"]));
        if (result.data) probe.events.push(result.data as T);
        wake();
      },
      error: (error) => {
        if (Array.isArray(error)) probe.errors.push(...(error as SubscriptionProbe<T>["errors"]));
        else if (error && typeof error === "object" && "code" in error)
          probe.closeCode ??= (error as { code: number }).code;
        else probe.errors.push({ message: String(error) });
        wake();
      },
      complete: () => wake(),
    },
  );
  return probe;
}

/** Users and API keys made with the real domain services, sharing the app's JWT secret. */
export function accounts(app: TestApp, jwtSecret: string, ttlSeconds = 3600) {
  const tokens = new TokenService(jwtSecret, ttlSeconds);
  const users = new UserService(app.db, tokens);
  let counter = 0;
  const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return {
    tokens,
    users,
    /** A new user with this role, signed in: its email, password and a fresh token. */
    async user(role: Role) {
      const email = `${role}-${unique()}@example.com`;
      const password = `correct horse ${unique()}`;
      const user = await users.createUser(email, password, role);
      const { token } = await users.login(email, password);
      return { id: user.id, email, password, token };
    },
    /** A new API key with this role: its name, id and the key itself. */
    async apiKey(role: Role, name = `${role}-key-${unique()}`) {
      const { key, apiKey } = await users.createApiKey(name, role, null);
      return { id: apiKey.id, name: apiKey.name, key };
    },
  };
}

export type Certificate = { dir: string; certPath: string; keyPath: string; cert: Buffer; remove(): Promise<void> };

/** A self-signed certificate for localhost and 127.0.0.1, valid for one day, in a temporary directory. */
export async function selfSignedCertificate(): Promise<Certificate> {
  const dir = await mkdtemp(join(tmpdir(), "ocpp-tls-"));
  const keyPath = join(dir, "key.pem");
  const certPath = join(dir, "cert.pem");
  await promisify(execFile)("/usr/bin/openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    keyPath,
    "-out",
    certPath,
    "-days",
    "1",
    "-subj",
    "/CN=localhost",
    "-addext",
    "subjectAltName=DNS:localhost,IP:127.0.0.1",
  ]);
  return {
    dir,
    certPath,
    keyPath,
    cert: await readFile(certPath),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
