import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { connectChargers, percentile } from "./load.js";
const [url = "ws://127.0.0.1:9400", httpUrl = "http://127.0.0.1:8400/graphql", subs = "200"] = process.argv.slice(2);
const subscribers = Number(subs);
const [charger] = await connectChargers(url, 1, `FAN-${Date.now() % 100000}-`);
const received: number[] = [];
let sentAt = 0;
const clients = Array.from({ length: subscribers }, () =>
  createClient({ url: httpUrl.replace("http", "ws"), webSocketImpl: WebSocket, retryAttempts: 0 }),
);
let ack = 0;
if (subscribers)
  await new Promise<void>((resolve) => {
    for (const c of clients) {
      c.on("connected", () => ++ack === subscribers && resolve());
      c.subscribe(
        {
          query: `subscription ($id: String) { connectorStatusChanged(chargePointId: $id) { status } }`,
          variables: { id: charger!.identity },
        },
        { next: () => received.push(performance.now() - sentAt), error: (e) => console.error(e), complete: () => {} },
      );
    }
  });
await new Promise((r) => setTimeout(r, 500));
const firsts: number[] = [];
const answers: number[] = [];
const rounds = Number(process.env.ROUNDS ?? 30);
for (let round = 0; round < rounds; round++) {
  const before = received.length;
  sentAt = performance.now();
  const answered = charger!.call("StatusNotification", {
    connectorId: 1,
    errorCode: "NoError",
    status: round % 2 ? "Charging" : "Available",
  });
  await answered;
  const ans = performance.now() - sentAt;
  answers.push(ans);
  await new Promise((r) => setTimeout(r, Number(process.env.GAP ?? 200)));
  if (subscribers) firsts.push(Math.min(...received.slice(before)));
  if (round === 0) console.log("answer ms", ans.toFixed(1));
}
console.log(
  `delivered ${received.length}/${subscribers * rounds} p50=${percentile(received, 50).toFixed(1)} p99=${percentile(received, 99).toFixed(1)} first p50=${percentile(firsts, 50).toFixed(1)} answer p50=${percentile(answers, 50).toFixed(1)} p99=${percentile(answers, 99).toFixed(1)}`,
);
await Promise.all(clients.map((c) => c.dispose()));
process.exit(0);
