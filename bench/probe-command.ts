// node --import tsx bench/probe-command.ts <ws-url> <graphql-url> [fleet] [kept]: command round trips against idle
// chargers. With a fleet larger than kept, it first connects the whole fleet, lets each send a Heartbeat, then closes
// all but `kept` of them, as the full benchmark does; prints the slowest round trips with their start times.
import { connectChargers, percentile } from "./load.js";

const [url = "ws://127.0.0.1:9400", graphqlUrl = "http://127.0.0.1:8400/graphql", fleet = "200", kept = fleet] =
  process.argv.slice(2);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const all = await connectChargers(url, Number(fleet), `CMD-${Date.now() % 100000}-`);
await Promise.all(all.map((charger) => charger.call("Heartbeat", {})));
for (const charger of all.slice(Number(kept))) charger.close();
const chargers = all.slice(0, Number(kept));
await sleep(Number(fleet) > Number(kept) ? 8000 : 1000);
const times: Array<{ ms: number; at: number }> = [];
const origin = performance.now();
for (let i = 0; i < 500; i++) {
  const started = performance.now();
  const response = await fetch(graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: `mutation ($id: String!) { triggerMessage(chargePointId: $id, requestedMessage: Heartbeat) { status } }`,
      variables: { id: chargers[(i * 7919) % chargers.length]!.identity },
    }),
  });
  await response.json();
  times.push({ ms: performance.now() - started, at: started - origin });
}
const ms = times.map((t) => t.ms);
console.log(
  `p50=${percentile(ms, 50).toFixed(2)} p90=${percentile(ms, 90).toFixed(2)} p99=${percentile(ms, 99).toFixed(2)} max=${Math.max(...ms).toFixed(1)}`,
);
console.log(
  "slowest:",
  times
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 8)
    .map((t) => `${t.ms.toFixed(1)}ms@${t.at.toFixed(0)}`)
    .join(" "),
);
for (const charger of chargers) charger.close();
process.exit(0);
