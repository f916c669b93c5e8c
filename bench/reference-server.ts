// The yardstick: a bare ocpp-rpc server in strict mode with fixed replies, no database, no audit log. It speaks
// OCPP 1.6 and 2.0.1 (the replies below are valid in both, TransactionEvent exists only in 2.0.1).
// Run as a child process by bench/run.ts; prints "listening <port>" when ready.
import { RPCServer } from "ocpp-rpc";

const port = Number(process.env.PORT ?? 0);
const replies: Record<string, (now: string) => object> = {
  BootNotification: (now) => ({ status: "Accepted", currentTime: now, interval: 300 }),
  Heartbeat: (now) => ({ currentTime: now }),
  StatusNotification: () => ({}),
  MeterValues: () => ({}),
  TransactionEvent: () => ({}),
};

const server = new RPCServer({ protocols: ["ocpp1.6", "ocpp2.0.1"], strictMode: true } as ConstructorParameters<
  typeof RPCServer
>[0]);
server.on("client", (client) => {
  client.handle(({ method }: { method: string }) => {
    const reply = replies[method];
    if (!reply) throw new Error(`unexpected ${method}`);
    return reply(new Date().toISOString());
  });
});
const listener = await server.listen(port, "127.0.0.1");
const address = listener.address();
console.log(`listening ${typeof address === "object" && address ? address.port : port}`);
