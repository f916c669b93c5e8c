// Quick local load for profiling: node --import tsx bench/probe.ts <ws-url> <chargers> <seconds> [period-ms]
// Closed loop by default; with a period, each charger sends one call per period (open loop).
import { closedLoop, connectChargers, mixedCalls, openLoop, percentile } from "./load.js";

const [url = "ws://127.0.0.1:9400", count = "200", seconds = "8", period] = process.argv.slice(2);
const chargers = await connectChargers(url, Number(count), `PROBE-${Date.now() % 100000}-`);
const result = period
  ? await openLoop(chargers, mixedCalls, Number(period), Number(seconds))
  : await closedLoop(chargers, mixedCalls, Number(seconds));
console.log(
  `calls/s=${(result.calls / result.seconds).toFixed(0)} p50=${percentile(result.latenciesMs, 50).toFixed(1)} p90=${percentile(result.latenciesMs, 90).toFixed(1)} p99=${percentile(result.latenciesMs, 99).toFixed(1)} errors=${result.errors}`,
);
for (const charger of chargers) charger.close();
process.exit(0);
