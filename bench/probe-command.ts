// node --import tsx bench/probe-command.ts <ws-url> <graphql-url>: command round trips against idle chargers.
import { connectChargers, percentile } from "./load.js";

const [url = "ws://127.0.0.1:9400", graphqlUrl = "http://127.0.0.1:8400/graphql"] = process.argv.slice(2);
const chargers = await connectChargers(url, 200, `CMD-${Date.now() % 100000}-`);
await new Promise((r) => setTimeout(r, 1000));
const times: number[] = [];
for (let i = 0; i < 300; i++) {
  const started = performance.now();
  const response = await fetch(graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: `mutation ($id: String!) { triggerMessage(chargePointId: $id, requestedMessage: Heartbeat) { status } }`,
      variables: { id: chargers[i % chargers.length]!.identity },
    }),
  });
  await response.json();
  times.push(performance.now() - started);
}
console.log(
  `p50=${percentile(times, 50).toFixed(2)} p90=${percentile(times, 90).toFixed(2)} p99=${percentile(times, 99).toFixed(2)} max=${Math.max(...times).toFixed(1)}`,
);
for (const charger of chargers) charger.close();
process.exit(0);
