// Quick local load for profiling: node --import tsx bench/probe.ts <ws-url> <chargers> <seconds>
import { closedLoop, connectChargers, mixedCalls, percentile } from "./load.js";

const [url = "ws://127.0.0.1:9400", count = "200", seconds = "8"] = process.argv.slice(2);
const chargers = await connectChargers(url, Number(count), `PROBE-${Date.now() % 100000}-`);
const result = await closedLoop(chargers, mixedCalls, Number(seconds));
console.log(
  `calls/s=${(result.calls / result.seconds).toFixed(0)} p50=${percentile(result.latenciesMs, 50).toFixed(1)} p99=${percentile(result.latenciesMs, 99).toFixed(1)} errors=${result.errors}`,
);
for (const charger of chargers) charger.close();
process.exit(0);
