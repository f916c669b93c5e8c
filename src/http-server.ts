import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import sirv from "sirv";
import { WebSocketServer } from "ws";
import type { Authenticator } from "./auth/authenticator.js";
import { type Database, isDatabaseReachable } from "./db/client.js";
import { type GraphQLServer, serveGraphQLOverWebSocket } from "./graphql/yoga.js";

export type HttpServer = { server: Server; listen(port: number, host: string): Promise<number>; close(): Promise<void> };

export type HttpServerOptions = {
  authenticator: Authenticator;
  maxBodyBytes: number;
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** The built web app, served for every path that is not the API. */
  webRoot?: string;
};

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

/** The API port: /graphql (HTTP and graphql-ws), /health, and the built web app everywhere else. */
export function createHttpServer(yoga: GraphQLServer, db: Database, options: HttpServerOptions): HttpServer {
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
      const databaseUp = await isDatabaseReachable(db);
      response.writeHead(databaseUp ? 200 : 503, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      response.end(JSON.stringify({ status: databaseUp ? "ok" : "degraded", database: databaseUp ? "up" : "down" }));
      return;
    }
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
  const graphqlWs = serveGraphQLOverWebSocket(yoga, wss, options.authenticator);

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
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
