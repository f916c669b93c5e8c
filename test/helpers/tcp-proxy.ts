import { connect, createServer, type Socket } from "node:net";

/**
 * A TCP proxy between the server under test and PostgreSQL, for database outages: cut() drops every connection
 * through it and refuses new ones (as a database that went away would), restore() lets them through again.
 */
export async function startTcpProxy(targetUrl: string) {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let cut = false;
  let refused = 0;
  const server = createServer((client) => {
    // A reset from either side is how a connection ends here, not a failure of the test.
    client.on("error", () => {});
    if (cut) {
      refused++;
      return void client.destroy();
    }
    const upstream = connect(Number(target.port || 5432), target.hostname).on("error", () => {});
    const pair = [client, upstream];
    const drop = () => {
      for (const socket of pair) {
        socket.destroy();
        sockets.delete(socket);
      }
    };
    for (const socket of pair) {
      sockets.add(socket);
      socket.on("error", drop);
      socket.on("close", drop);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const url = Object.assign(new URL(targetUrl), { hostname: "127.0.0.1", port: String(port) }).toString();
  return {
    /** The target's URL with the proxy as host. */
    url,
    /** Connections attempted while cut. */
    get refused() {
      return refused;
    },
    cut() {
      cut = true;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    restore() {
      cut = false;
    },
    close() {
      this.cut();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
