// Reconnect storm: after an outage every charger comes back at once and sends the StartTransaction it queued. Each
// charger has its own accepted tag, so every start must be answered Accepted, within seconds, never with a CALLERROR
// (before, Prisma's 2 s wait for a pooled connection answered 5-56 % of 200-400 starts with InternalError).
import { connectChargers, percentile } from "./load.js";

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

/** `count` chargers connect, then all send StartTransaction in the same instant. */
export async function startTransactionStorm(url: string, count: number, query: Query): Promise<StormFigures> {
  const prefix = `STORM${count}-`;
  const chargers = await connectChargers(url, count, prefix);
  const tags = chargers.map((charger) => `S${count}-${charger.index}`);
  await query(
    `INSERT INTO id_tags (id_tag, status, created_at, updated_at)
     SELECT unnest($1::text[]), 'Accepted', now(), now() ON CONFLICT DO NOTHING`,
    [tags],
  );
  // The load generator times calls but drops their payloads: read the idTagInfo of each answer here.
  const statuses = new Map<string, string>();
  for (const charger of chargers) {
    charger.socket.on("message", (data) => {
      const message = JSON.parse(data.toString()) as unknown[];
      if (message[0] !== 3) return;
      const answer = message[2] as { idTagInfo?: { status?: string } };
      statuses.set(String(message[1]), answer.idTagInfo?.status ?? "?");
    });
  }

  const timestamp = new Date().toISOString();
  const outcomes = await Promise.allSettled(
    chargers.map((charger, i) =>
      charger.call("StartTransaction", { connectorId: 1, idTag: tags[i], meterStart: 0, timestamp }),
    ),
  );
  for (const charger of chargers) charger.close();

  const latencies = outcomes.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
  const answers = [...statuses.values()];
  return {
    chargers: count,
    accepted: answers.filter((status) => status === "Accepted").length,
    refused: answers.filter((status) => status !== "Accepted").length,
    errors: outcomes.length - latencies.length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: Math.max(...latencies),
  };
}
