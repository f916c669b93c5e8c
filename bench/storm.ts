// Reconnect storm: after an outage every charger comes back at once and sends the StartTransaction it queued, then
// (the sessions end together too) the StopTransaction. Each charger has its own accepted tag, so every start and stop
// must be answered Accepted, within seconds, never with a CALLERROR (before, Prisma's 2 s wait for a pooled
// connection answered 5-56 % of 200-400 starts, and up to a fifth of 400 stops, with InternalError).
import { type Charger, connectChargers, percentile } from "./load.js";

export type StormFigures = {
  chargers: number;
  accepted: number;
  /** Answered, but not Accepted (ConcurrentTx, Invalid, ...). */
  refused: number;
  /** CALLERRORs and unanswered calls. */
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
};

type Query = (sql: string, params?: unknown[]) => Promise<unknown[]>;

/**
 * `count` chargers connect, then all send StartTransaction in the same instant; then all send StopTransaction (with
 * the session's begin and end readings) for the transaction they were given, in the same instant.
 */
export async function transactionStorm(
  url: string,
  count: number,
  query: Query,
): Promise<{ start: StormFigures; stop: StormFigures }> {
  const prefix = `STORM${count}-`;
  const chargers = await connectChargers(url, count, prefix);
  const tags = chargers.map((charger) => `S${count}-${charger.index}`);
  await query(
    `INSERT INTO id_tags (id_tag, status, created_at, updated_at)
     SELECT unnest($1::text[]), 'Accepted', now(), now() ON CONFLICT DO NOTHING`,
    [tags],
  );
  // The load generator times calls but drops their payloads: read the idTagInfo (and transactionId) of each answer.
  const answers = new Map<string, { status: string; transactionId?: number }>();
  for (const charger of chargers) {
    charger.socket.on("message", (data) => {
      const message = JSON.parse(data.toString()) as unknown[];
      if (message[0] !== 3) return;
      const answer = message[2] as { idTagInfo?: { status?: string }; transactionId?: number };
      answers.set(String(message[1]), { status: answer.idTagInfo?.status ?? "?", transactionId: answer.transactionId });
    });
  }

  try {
    const startedAt = new Date().toISOString();
    const start = await storm(chargers, answers, (charger) => [
      "StartTransaction",
      { connectorId: 1, idTag: tags[charger.index], meterStart: 0, timestamp: startedAt },
    ]);
    const transactionIds = new Map(
      [...answers].map(([uniqueId, answer]) => [Number(uniqueId.split("-")[0]), answer.transactionId]),
    );
    answers.clear();
    const stoppedAt = new Date().toISOString();
    const stop = await storm(chargers, answers, (charger) => {
      const reading = (value: string, context: string) => ({
        value,
        context,
        measurand: "Energy.Active.Import.Register",
      });
      return [
        "StopTransaction",
        {
          // A charger whose start was not answered stops transaction 0, which is answered all the same.
          transactionId: transactionIds.get(charger.index) ?? 0,
          idTag: tags[charger.index],
          meterStop: 1000 + charger.index,
          timestamp: stoppedAt,
          transactionData: [
            { timestamp: startedAt, sampledValue: [reading("0", "Transaction.Begin")] },
            { timestamp: stoppedAt, sampledValue: [reading(String(1000 + charger.index), "Transaction.End")] },
          ],
        },
      ];
    });
    return { start, stop };
  } finally {
    for (const charger of chargers) charger.close();
  }
}

/** Every charger sends its call in the same instant; the figures of their answers. */
async function storm(
  chargers: Charger[],
  answers: Map<string, { status: string }>,
  call: (charger: Charger) => [action: string, payload: object],
): Promise<StormFigures> {
  const outcomes = await Promise.allSettled(chargers.map((charger) => charger.call(...call(charger))));
  const latencies = outcomes.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
  const statuses = [...answers.values()].map((answer) => answer.status);
  return {
    chargers: chargers.length,
    accepted: statuses.filter((status) => status === "Accepted").length,
    refused: statuses.filter((status) => status !== "Accepted").length,
    errors: outcomes.length - latencies.length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: Math.max(...latencies),
  };
}
