import { createHash, timingSafeEqual } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import sirv from "sirv";
import { WebSocketServer } from "ws";
import type { Authenticator } from "./auth/authenticator.js";
import type { GraphQLObserver } from "./graphql/metrics-plugin.js";
import { type GraphQLServer, type GraphQLSocketOptions, serveGraphQLOverWebSocket } from "./graphql/yoga.js";

export type HttpServer = {
  server: Server;
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
};

export type HttpServerOptions = {
  authenticator: Authenticator;
  maxBodyBytes: number;
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** The built web app, served for every path that is not the API. */
  webRoot?: string;
  /** GET /metrics in the Prometheus text format; absent: /metrics answers 404. */
  metrics?: MetricsEndpoint;
  /** Counts graphql-ws errors and active subscriptions. */
  graphqlObserver?: GraphQLObserver;
  /** Access control of graphql-ws sockets: principal changes to close them on, and the subscription cap. */
  graphqlSockets: GraphQLSocketOptions;
};

export type MetricsEndpoint = {
  contentType: string;
  render(): Promise<string>;
  /** When set, scrapes must send `Authorization: Bearer <token>`. */
  token?: string;
};

/** How long shutdown waits for HTTP requests under way before closing their connections. */
const SHUTDOWN_GRACE_MS = 10_000;

const SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
};
// GraphiQL loads its assets from a CDN, so the strict policy applies to the web app only.
const WEB_APP_CSP =
  "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
  "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

function sendText(response: ServerResponse, status: number, body: string) {
  response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" });
  response.end(body);
}

const sha256 = (text: string) => createHash("sha256").update(text).digest();

/** Compares the Bearer token in constant time (both sides hashed first, so their lengths leak nothing either). */
function bearerMatches(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return timingSafeEqual(sha256(match?.[1] ?? ""), sha256(token)) && match !== null;
}

async function serveMetrics(request: IncomingMessage, response: ServerResponse, metrics: MetricsEndpoint | undefined) {
  response.setHeader("Cache-Control", "no-store");
  if (!metrics) return sendText(response, 404, "Not found");
  if (metrics.token !== undefined && !bearerMatches(request.headers.authorization, metrics.token)) {
    response.setHeader("WWW-Authenticate", 'Bearer realm="metrics"');
    return sendText(response, 401, "A valid Bearer token is required");
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.setHeader("Allow", "GET, HEAD");
    return sendText(response, 405, "Method not allowed");
  }
  let body: string;
  try {
    body = await metrics.render();
  } catch {
    return sendText(response, 500, "Could not collect metrics");
  }
  response.writeHead(200, { "Content-Type": metrics.contentType });
  response.end(request.method === "HEAD" ? undefined : body);
}

/** Refuses bodies over the limit before anything reads them. */
function bodyTooLarge(request: IncomingMessage, response: ServerResponse, maxBodyBytes: number): boolean {
  if (request.method !== "POST") return false;
  const length = request.headers["content-length"];
  if (length === undefined) {
    sendText(response, 411, "Content-Length is required");
    return true;
  }
  if (Number(length) > maxBodyBytes) {
    sendText(response, 413, `Request body over ${maxBodyBytes} bytes`);
    return true;
  }
  return false;
}

/** The API port: /graphql (HTTP and graphql-ws), /health, /metrics, and the built web app everywhere else. */
export function createHttpServer(
  yoga: GraphQLServer,
  database: { isReachable(): Promise<boolean> },
  options: HttpServerOptions,
): HttpServer {
  const webApp =
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- our own build directory
    options.webRoot && existsSync(options.webRoot)
      ? sirv(options.webRoot, {
          single: true,
          etag: true,
          gzip: true,
          brotli: true,
          setHeaders: (response) => response.setHeader("Content-Security-Policy", WEB_APP_CSP),
        })
      : undefined;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    if (options.tls) response.setHeader("Strict-Transport-Security", "max-age=31536000");
    const path = (request.url ?? "/").split("?")[0];
    if (path === "/health" && (request.method === "GET" || request.method === "HEAD")) {
      const databaseUp = await database.isReachable();
      response.writeHead(databaseUp ? 200 : 503, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      response.end(JSON.stringify({ status: databaseUp ? "ok" : "degraded", database: databaseUp ? "up" : "down" }));
      return;
    }
    if (path === "/metrics") return serveMetrics(request, response, options.metrics);
    if (path === "/graphql" || !webApp) {
      if (bodyTooLarge(request, response, options.maxBodyBytes)) return;
      void yoga(request, response);
      return;
    }
    webApp(request, response, () => sendText(response, 404, "Not found"));
  };
  const server = options.tls
    ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, handle)
    : createServer(handle);
  const wss = new WebSocketServer({ server, path: "/graphql", maxPayload: options.maxBodyBytes });
  const graphqlWs = serveGraphQLOverWebSocket(
    yoga,
    wss,
    options.authenticator,
    options.graphqlSockets,
    options.graphqlObserver,
  );

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(typeof address === "object" && address ? address.port : port);
        });
      }),
    async close() {
      await graphqlWs.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      // No new requests; idle keep-alive connections go now, and requests under way are still answered (within a
      // grace period) rather than cut off mid-response.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const cutOff = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await closed;
      clearTimeout(cutOff);
    },
  };
}
