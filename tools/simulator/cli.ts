// Simulated OCPP 1.6J charge points and OCPP 2.0.1 charging stations on the command line:
//   npm run simulate -- --url ws://localhost:9000 --id CP001 [--ocpp 2.0.1] [--connectors 2] [--count 50] [--charge]
import { parseArgs } from "node:util";
import type { SimulatorLogger } from "./logger.js";
import { SimulatedChargePoint } from "./v16/charge-point.js";
import { SimulatedStation } from "./v201/station.js";

const USAGE = `usage: npm run simulate -- [options]
  --url <ws-url>            central system OCPP endpoint (default ws://localhost:9000)
  --id <identity>           charge point identity (default CP001)
  --ocpp <version>          1.6 (default) or 2.0.1
  --connectors <n>          connectors per charge point (default 2); with 2.0.1, EVSEs with one connector each
  --count <n>               run n charge points named <id>-0001, <id>-0002, ...
  --password <password>     HTTP Basic password (OCPP security profile 1 or 2)
  --charge                  start a session on connector 1 after boot
  --id-tag <tag>            ID tag for --charge, repeatable (default: the seed's DEMO0001..DEMO0008, one per charger)
  --meter-interval <s>      seconds between MeterValues (2.0.1: TransactionEvent Updated) while charging (default 15)`;

const OCPP_VERSIONS = ["1.6", "2.0.1"] as const;

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
        ocpp: { type: "string", default: "1.6" },
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

if (!(OCPP_VERSIONS as readonly string[]).includes(values.ocpp)) {
  process.stderr.write(
    `--ocpp must be one of ${OCPP_VERSIONS.join(", ")}, not ${JSON.stringify(values.ocpp)}\n${USAGE}\n`,
  );
  process.exit(2);
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

/** What the command line does with a simulated station of either version. */
type Simulated = {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Connector 1 (1.6) or EVSE 1 (2.0.1). */
  startTransaction(outlet: number, idTag: string): Promise<boolean>;
};

const chargePoints = identities.map((identity) => {
  const logger = lineLogger(identity);
  const common = { url: values.url, identity, password: values.password, meterIntervalSeconds, logger };
  const chargePoint: Simulated =
    values.ocpp === "2.0.1"
      ? new SimulatedStation({ ...common, evses: connectors })
      : new SimulatedChargePoint({ ...common, connectors });
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
