import net from "node:net";

/**
 * A TCP proxy in front of PostgreSQL that can go silent: `blackhole()` stops forwarding in both directions without
 * closing anything, as a dead network path or a frozen database host does (no RST, no FIN). `restore()` forwards
 * again; bytes dropped meanwhile are lost, so connections from before are broken for good, as they would be.
 */
export async function startBlackholeProxy(target: { host: string; port: number }) {
  let silent = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {});
    }
    client.on("data", (chunk) => silent || upstream.write(chunk));
    upstream.on("data", (chunk) => silent || client.write(chunk));
    // A close on one side is passed on only while forwarding: a silent path passes on nothing.
    client.on("close", () => silent || upstream.destroy());
    upstream.on("close", () => silent || client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    /** The URL with its host and port replaced by the proxy's. */
    urlFor(databaseUrl: string) {
      return Object.assign(new URL(databaseUrl), { hostname: "127.0.0.1", port: String(port) }).toString();
    },
    blackhole: () => void (silent = true),
    restore: () => void (silent = false),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
