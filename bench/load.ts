// Raw-WebSocket OCPP load: many connections, each a tiny state machine sending CALLs and timing the answers.
import WebSocket from "ws";

export type CallFactory = (chargerIndex: number, sequence: number) => [action: string, payload: object];

export type LoadResult = { calls: number; errors: number; latenciesMs: number[]; seconds: number };

const now = () => performance.now();

export const mixedCalls: CallFactory = (charger, sequence) => {
  const timestamp = new Date().toISOString();
  switch (sequence % 3) {
    case 0:
      return ["Heartbeat", {}];
    case 1:
      return [
        "StatusNotification",
        { connectorId: 1, errorCode: "NoError", status: sequence % 2 ? "Charging" : "Available", timestamp },
      ];
    default:
      return [
        "MeterValues",
        {
          connectorId: 1,
          meterValue: [
            {
              timestamp,
              sampledValue: [
                { value: String(1000 + sequence), measurand: "Energy.Active.Import.Register", unit: "Wh" },
              ],
            },
          ],
        },
      ];
  }
};

/**
 * The 2.0.1 closed loop's calls: Heartbeat, StatusNotification and TransactionEvent Updated with meter values, in
 * the transaction each charger started (startTransactions201). seqNo counts up per transaction, as a station's does.
 * The update carries the one energy reading the 1.6 loop's MeterValues carries, so that the two loops compare the
 * protocols rather than payload sizes.
 */
export function ocpp201Calls(transactionIds: readonly string[]): CallFactory {
  const nextSeqNo = transactionIds.map(() => 1);
  return (charger, sequence) => {
    const timestamp = new Date().toISOString();
    switch (sequence % 3) {
      case 0:
        return ["Heartbeat", {}];
      case 1:
        return [
          "StatusNotification",
          { timestamp, connectorStatus: sequence % 2 ? "Occupied" : "Available", evseId: 1, connectorId: 1 },
        ];
      default:
        return [
          "TransactionEvent",
          {
            eventType: "Updated",
            timestamp,
            triggerReason: "MeterValuePeriodic",
            seqNo: nextSeqNo[charger]!++,
            transactionInfo: { transactionId: transactionIds[charger]!, chargingState: "Charging" },
            meterValue: [
              {
                timestamp,
                sampledValue: [
                  {
                    value: 1000 + sequence,
                    context: "Sample.Periodic",
                    measurand: "Energy.Active.Import.Register",
                    unitOfMeasure: { unit: "Wh" },
                  },
                ],
              },
            ],
          },
        ];
    }
  };
}

/**
 * Boots each 2.0.1 charger and starts a transaction on its EVSE 1 (seqNo 0, without authorization: the cable was
 * plugged in), so that the closed loop's TransactionEvent Updated have one to update. Returns the transaction ids.
 */
export async function startTransactions201(chargers: Charger[], concurrency = 200): Promise<string[]> {
  const run = Math.random().toString(36).slice(2, 10);
  const transactionIds = chargers.map((charger) => `${run}-${charger.index}`);
  for (let start = 0; start < chargers.length; start += concurrency) {
    await Promise.all(
      chargers.slice(start, start + concurrency).map(async (charger) => {
        const timestamp = new Date().toISOString();
        await charger.call("BootNotification", {
          reason: "PowerUp",
          chargingStation: { vendorName: "Bench", model: "Closed loop" },
        });
        await charger.call("TransactionEvent", {
          eventType: "Started",
          timestamp,
          triggerReason: "CablePluggedIn",
          seqNo: 0,
          transactionInfo: { transactionId: transactionIds[charger.index]!, chargingState: "EVConnected" },
          evse: { id: 1, connectorId: 1 },
          meterValue: [
            {
              timestamp,
              sampledValue: [
                {
                  value: 1000,
                  context: "Transaction.Begin",
                  measurand: "Energy.Active.Import.Register",
                  unitOfMeasure: { unit: "Wh" },
                },
              ],
            },
          ],
        });
      }),
    );
  }
  return transactionIds;
}

export type OcppProtocol = "ocpp1.6" | "ocpp2.0.1";

export class Charger {
  readonly socket: WebSocket;
  private sequence = 0;
  private pending = new Map<string, { sentAt: number; resolve: (ms: number) => void; reject: (e: Error) => void }>();
  readonly opened: Promise<void>;

  constructor(
    url: string,
    readonly index: number,
    readonly identity: string,
    protocol: OcppProtocol = "ocpp1.6",
  ) {
    this.socket = new WebSocket(`${url}/${identity}`, [protocol], { perMessageDeflate: false });
    this.opened = new Promise((resolve, reject) => {
      this.socket.once("open", () => resolve());
      this.socket.once("error", reject);
    });
    this.socket.on("error", () => {});
    this.socket.on("message", (data) => {
      const message = JSON.parse(data.toString()) as unknown[];
      const id = message[1] as string;
      if (message[0] === 2) {
        // A CALL from the central system: answer it as a cooperative charger would.
        this.socket.send(JSON.stringify([3, id, { status: "Accepted" }]));
        return;
      }
      const waiting = this.pending.get(id);
      if (!waiting) return;
      this.pending.delete(id);
      if (message[0] === 3) waiting.resolve(now() - waiting.sentAt);
      else waiting.reject(new Error(String(message[2])));
    });
  }

  call(action: string, payload: object): Promise<number> {
    const id = `${this.index}-${this.sequence++}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { sentAt: now(), resolve, reject });
      this.socket.send(JSON.stringify([2, id, action, payload]));
    });
  }

  next(factory: CallFactory): Promise<number> {
    const [action, payload] = factory(this.index, this.sequence);
    return this.call(action, payload);
  }

  close(): void {
    this.socket.terminate();
  }
}

/** Opens `count` chargers, `concurrency` handshakes at a time. */
export async function connectChargers(
  url: string,
  count: number,
  prefix: string,
  { concurrency = 200, protocol = "ocpp1.6" }: { concurrency?: number; protocol?: OcppProtocol } = {},
): Promise<Charger[]> {
  const chargers: Charger[] = [];
  for (let start = 0; start < count; start += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, count - start) }, (_, i) => {
      const index = start + i;
      return new Charger(url, index, `${prefix}${String(index).padStart(5, "0")}`, protocol);
    });
    await Promise.all(batch.map((charger) => charger.opened));
    chargers.push(...batch);
  }
  return chargers;
}

/** Every charger sends its next CALL as soon as the previous is answered, for `seconds`. */
export async function closedLoop(chargers: Charger[], factory: CallFactory, seconds: number): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let errors = 0;
  const deadline = now() + seconds * 1000;
  const started = now();
  await Promise.all(
    chargers.map(async (charger) => {
      while (now() < deadline) {
        try {
          latenciesMs.push(await charger.next(factory));
        } catch {
          errors++;
        }
      }
    }),
  );
  return { calls: latenciesMs.length, errors, latenciesMs, seconds: (now() - started) / 1000 };
}

/** Every charger sends one CALL per `periodMs`, spread evenly, for `seconds` (open loop). */
export async function openLoop(
  chargers: Charger[],
  factory: CallFactory,
  periodMs: number,
  seconds: number,
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let errors = 0;
  const started = now();
  const timers: NodeJS.Timeout[] = [];
  const inflight: Promise<void>[] = [];
  chargers.forEach((charger, i) => {
    const offset = (periodMs * i) / chargers.length;
    const fire = () =>
      inflight.push(
        charger.next(factory).then(
          (ms) => void latenciesMs.push(ms),
          () => void errors++,
        ),
      );
    timers.push(
      setTimeout(() => {
        fire();
        timers.push(setInterval(fire, periodMs));
      }, offset),
    );
  });
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  for (const timer of timers) clearTimeout(timer);
  await Promise.all(inflight);
  return { calls: latenciesMs.length, errors, latenciesMs, seconds: (now() - started) / 1000 };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
