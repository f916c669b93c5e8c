import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import sirv from "sirv";
import { WebSocketServer } from "ws";
import { type Database, isDatabaseReachable } from "./db/client.js";
import { type GraphQLServer, serveGraphQLOverWebSocket } from "./graphql/yoga.js";

export type HttpServer = { server: Server; listen(port: number, host: string): Promise<number>; close(): Promise<void> };

/** The API port: /graphql (HTTP and graphql-ws), /health, and the built web app (webRoot) everywhere else. */
export function createHttpServer(yoga: GraphQLServer, db: Database, options: { webRoot?: string } = {}): HttpServer {
  const webApp =
    options.webRoot && existsSync(options.webRoot)
      ? sirv(options.webRoot, { single: true, etag: true, gzip: true, brotli: true })
      : undefined;
  const server = createServer(async (request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (path === "/health" && (request.method === "GET" || request.method === "HEAD")) {
      const databaseUp = await isDatabaseReachable(db);
      response.writeHead(databaseUp ? 200 : 503, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      response.end(JSON.stringify({ status: databaseUp ? "ok" : "degraded", database: databaseUp ? "up" : "down" }));
      return;
    }
    if (path === "/graphql" || !webApp) {
      void yoga(request, response);
      return;
    }
    webApp(request, response, () => {
      response.writeHead(404, { "Content-Type": "text/plain" });
      response.end("Not found");
    });
  });
  const wss = new WebSocketServer({ server, path: "/graphql", maxPayload: 1024 * 1024 });
  const graphqlWs = serveGraphQLOverWebSocket(yoga, wss);

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
