import { Link } from "wouter-preact";
import type { TransactionRowFragment } from "../gql/graphql";
import { isStationNamedSession, sessionPlace } from "../lib/fleet";
import { formatDateTime, formatDuration, formatKWh } from "../lib/format";

type SessionState = Pick<TransactionRowFragment, "active" | "status" | "stopReason" | "closeReason">;

/** Charging, Ended (the charger stopped it), Closed (the central system did) or Refused (never started charging). */
export function SessionBadge({ transaction }: { transaction: SessionState }) {
  if (transaction.active) return <span class="badge badge-narrow badge-active">Charging</span>;
  if (transaction.status === "Refused") {
    return (
      <span class="badge badge-narrow badge-warn" title="The ID tag was not accepted">
        Refused
      </span>
    );
  }
  if (transaction.status === "Closed") {
    return (
      <span class="badge badge-narrow badge-muted" title={transaction.closeReason ?? undefined}>
        Closed
      </span>
    );
  }
  return (
    <span class="badge badge-narrow badge-muted" title={transaction.stopReason ?? undefined}>
      Ended
    </span>
  );
}

/** When a session ended for its duration: a refused one that was never stopped did not run at all. */
export const sessionEnd = (t: Pick<TransactionRowFragment, "active" | "startedAt" | "stoppedAt">, now: number) =>
  t.stoppedAt ? new Date(t.stoppedAt).getTime() : t.active ? now : new Date(t.startedAt).getTime();

/** Sessions with duration and energy; running ones tick with `now`. */
export function TransactionTable({
  transactions,
  now,
  showStation = true,
  caption,
}: {
  transactions: readonly TransactionRowFragment[];
  now: number;
  showStation?: boolean;
  caption: string;
}) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table class="table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Session</th>
            {showStation && <th scope="col">Station</th>}
            <th scope="col">Connector</th>
            <th scope="col">ID tag</th>
            <th scope="col">Started</th>
            <th scope="col" class="num-col">
              Duration
            </th>
            <th scope="col" class="num-col">
              Energy
            </th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {transactions.map((t) => {
            const end = sessionEnd(t, now);
            return (
              <tr key={t.transactionId} data-transaction={t.transactionId}>
                <td>
                  <Link href={`/transactions/${t.transactionId}`}>#{t.transactionId}</Link>
                  <StationSessionId transaction={t} />
                </td>
                {showStation && (
                  <td>
                    <Link href={`/stations/${encodeURIComponent(t.chargePointId)}`}>{t.chargePointId}</Link>
                  </td>
                )}
                <td class="num nowrap">{sessionPlace(t)}</td>
                <td>
                  <IdToken transaction={t} />
                </td>
                <td class="num nowrap">{formatDateTime(t.startedAt)}</td>
                <td class="num end">{formatDuration(end - new Date(t.startedAt).getTime())}</td>
                <td class="num end nowrap">{formatKWh(t.energyWh)}</td>
                <td>
                  <SessionBadge transaction={t} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

type SessionIdentity = Pick<TransactionRowFragment, "ocppVersion" | "stationTransactionId">;

/** The station's own name for a session when it is not ours (2.0.1), shortened with the whole in a tooltip. */
export function StationSessionId({ transaction }: { transaction: SessionIdentity }) {
  if (!isStationNamedSession(transaction)) return null;
  return (
    <span class="station-tx-id mono" title={`The station's transaction id: ${transaction.stationTransactionId}`}>
      <span class="visually-hidden">Station's id </span>
      {transaction.stationTransactionId}
    </span>
  );
}

/** The ID tag or token with its type (2.0.1); a dash while a session runs without one. */
export function IdToken({ transaction }: { transaction: Pick<TransactionRowFragment, "idTag" | "idTokenType"> }) {
  if (!transaction.idTag) return <span class="muted">—</span>;
  return (
    <>
      <span class="mono">{transaction.idTag}</span>
      {transaction.idTokenType && <span class="muted token-type"> {transaction.idTokenType}</span>}
    </>
  );
}
