import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import type { IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { RPCClient } from "ocpp-rpc";
import type { RPC_ClientOptions } from "ocpp-rpc/lib/client.js";
import WebSocket from "ws";
import { TokenService } from "../../src/auth/tokens.js";
import type { Role } from "../../src/auth/roles.js";
import { UserService } from "../../src/features/access/user-service.js";
import { connectChargePoint, type TestApp } from "./app.js";

// Helpers for the security tests: handshakes whose refusal can be inspected, chargers with credentials, users and API
// keys made with the real domain services, and a throwaway TLS certificate. GraphQL with credentials: ./graphql.ts.

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

/** A test charger (connectChargePoint) that authenticates with HTTP Basic when given a password. */
export function connectCharger(app: TestApp, identity: string, options: ChargerOptions = {}): Promise<RPCClient> {
  const wsOpts: Record<string, unknown> = {};
  if (options.localAddress) wsOpts.localAddress = options.localAddress;
  if (options.ca) wsOpts.ca = options.ca;
  return connectChargePoint(options.endpoint ?? app, identity, {
    ...(options.password !== undefined ? { password: options.password } : {}),
    wsOpts: wsOpts as RPC_ClientOptions["wsOpts"],
  });
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
