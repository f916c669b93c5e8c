// Simulated OCPP 1.6J charge points on the command line:
//   npm run simulate -- --url ws://localhost:9000 --id CP001 [--connectors 2] [--count 50] [--password ...] [--charge]
import { parseArgs } from "node:util";
import { SimulatedChargePoint, type SimulatorLogger } from "./v16/charge-point.js";

const USAGE = `usage: npm run simulate -- [options]
  --url <ws-url>            central system OCPP endpoint (default ws://localhost:9000)
  --id <identity>           charge point identity (default CP001)
  --connectors <n>          connectors per charge point (default 2)
  --count <n>               run n charge points named <id>-0001, <id>-0002, ...
  --password <password>     HTTP Basic password (OCPP security profile 1 or 2)
  --charge                  start a session on connector 1 after boot
  --id-tag <tag>            ID tag for --charge, repeatable (default: the seed's DEMO0001..DEMO0008, one per charger)
  --meter-interval <s>      seconds between MeterValues while charging (default 15)`;

// The Accepted tags `npm run seed` creates. A tag charges at one connector at a time (ConcurrentTx otherwise).
const DEMO_ID_TAGS = Array.from({ length: 8 }, (_, index) => `DEMO${String(index + 1).padStart(4, "0")}`);

function positiveInteger(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    process.stderr.write(`--${name} must be a positive whole number, not ${JSON.stringify(value)}\n${USAGE}\n`);
    process.exit(2);
  }
  return number;
}

function parseOptions() {
  try {
    return parseArgs({
      options: {
        url: { type: "string", default: "ws://localhost:9000" },
        id: { type: "string", default: "CP001" },
        connectors: { type: "string", default: "2" },
        count: { type: "string" },
        password: { type: "string" },
        charge: { type: "boolean", default: false },
        "id-tag": { type: "string", multiple: true },
        "meter-interval": { type: "string", default: "15" },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}

const values = parseOptions();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const connectors = positiveInteger("connectors", values.connectors);
const meterIntervalSeconds = positiveInteger("meter-interval", values["meter-interval"]);
const count = values.count === undefined ? undefined : positiveInteger("count", values.count);
const identities =
  count === undefined
    ? [values.id]
    : Array.from({ length: count }, (_, i) => `${values.id}-${String(i + 1).padStart(4, "0")}`);
const idTags = values["id-tag"] ?? DEMO_ID_TAGS;

const lineLogger = (identity: string): SimulatorLogger => {
  const line = (stream: NodeJS.WriteStream, message: string) =>
    stream.write(`${new Date().toISOString().slice(11, 23)} ${identity} ${message}\n`);
  return { info: (message) => line(process.stdout, message), warn: (message) => line(process.stderr, message) };
};

const chargePoints = identities.map((identity) => {
  const logger = lineLogger(identity);
  const chargePoint = new SimulatedChargePoint({
    url: values.url,
    identity,
    connectors,
    password: values.password,
    meterIntervalSeconds,
    logger,
  });
  return { chargePoint, logger };
});

let stopping = false;
async function shutdown() {
  if (stopping) process.exit(130); // a second Ctrl-C does not wait
  stopping = true;
  process.stdout.write(`stopping ${chargePoints.length} charge point(s)\n`);
  await Promise.allSettled(chargePoints.map(({ chargePoint }) => chargePoint.stop()));
  process.stdout.write("stopped\n");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());

chargePoints.forEach(({ chargePoint, logger }, index) => {
  chargePoint
    .start()
    .then(async () => {
      if (!values.charge) return;
      const idTag = idTags[index % idTags.length]!;
      if (!(await chargePoint.startTransaction(1, idTag))) logger.warn(`could not start a session for ${idTag}`);
    })
    .catch(() => {}); // stopped before its boot was accepted
});
