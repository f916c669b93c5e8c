import { useQuery } from "@urql/preact";
import { useEffect, useState } from "preact/hooks";
import { Link } from "wouter-preact";
import { EnergyChart } from "../components/EnergyChart";
import { IdToken, SessionBadge, sessionEnd, TransactionTable } from "../components/TransactionTable";
import {
  TransactionLiveSubscription,
  TransactionQuery,
  TransactionsLiveSubscription,
  TransactionsQuery,
} from "../documents";
import type { TransactionDetailsFragment, TransactionRowFragment } from "../gql/graphql";
import { describeError } from "../lib/errors";
import { isStationNamedSession, sessionPlaceName } from "../lib/fleet";
import { formatDateTime, formatDuration, formatKWh } from "../lib/format";
import { useNow, useRefetchOnReconnect, useSubscriptionEvents, useTitle } from "../lib/hooks";
import { applyTransactionEvent } from "../lib/live";
import { sessionSeries } from "../lib/meter";

const PAST_PAGE = 25;

export function TransactionsPage() {
  useTitle("Transactions");
  const now = useNow(1000);
  const [activeResult, refetchActive] = useQuery({ query: TransactionsQuery, variables: { active: true, first: 100 } });
  const [after, setAfter] = useState<string | undefined>();
  const [pastResult, refetchPast] = useQuery({
    query: TransactionsQuery,
    variables: { active: false, first: PAST_PAGE, after },
  });
  const [lists, setLists] = useState<{ active: TransactionRowFragment[]; past: TransactionRowFragment[] }>({
    active: [],
    past: [],
  });

  useEffect(() => {
    const page = activeResult.data?.transactions.edges.map((e) => e.node);
    if (page) setLists((current) => ({ ...current, active: page }));
  }, [activeResult.data]);
  useEffect(() => {
    const page = pastResult.data?.transactions.edges.map((e) => e.node);
    if (!page) return;
    const isLaterPage = Boolean(pastResult.operation?.variables.after);
    setLists((current) => {
      if (!isLaterPage) return { ...current, past: page };
      const ids = new Set(current.past.map((t) => t.transactionId));
      return { ...current, past: [...current.past, ...page.filter((t) => !ids.has(t.transactionId))] };
    });
  }, [pastResult.data, pastResult.operation]);

  useSubscriptionEvents(TransactionsLiveSubscription, {}, ({ transactionUpdated }) =>
    setLists((current) => applyTransactionEvent(current, transactionUpdated)),
  );
  useRefetchOnReconnect(() => {
    setAfter(undefined);
    refetchActive({ requestPolicy: "network-only" });
    refetchPast({ requestPolicy: "network-only" });
  });

  const error = activeResult.error ?? pastResult.error;
  const pageInfo = pastResult.data?.transactions.pageInfo;
  return (
    <>
      <h1>Transactions</h1>
      {error && <p class="alert">{describeError(error)}</p>}
      <section aria-labelledby="active-heading">
        <h2 id="active-heading">
          Active <span class="count num">{lists.active.length}</span>
        </h2>
        {lists.active.length === 0 ? (
          <p class="empty">{activeResult.fetching ? "Loading…" : "No session is running."}</p>
        ) : (
          <TransactionTable transactions={lists.active} now={now} caption="Active sessions" />
        )}
      </section>
      <section aria-labelledby="past-heading">
        <h2 id="past-heading">Past</h2>
        {lists.past.length === 0 ? (
          <p class="empty">{pastResult.fetching ? "Loading…" : "No finished sessions yet."}</p>
        ) : (
          <TransactionTable transactions={lists.past} now={now} caption="Past sessions" />
        )}
        {pageInfo?.hasNextPage && (
          <button
            type="button"
            class="secondary"
            disabled={pastResult.fetching}
            onClick={() => setAfter(pageInfo.endCursor ?? undefined)}
          >
            Show older sessions
          </button>
        )}
      </section>
    </>
  );
}

export function TransactionPage({ transactionId }: { transactionId: number }) {
  useTitle(`Session #${transactionId}`);
  const now = useNow(1000);
  const [result, refetch] = useQuery({ query: TransactionQuery, variables: { transactionId } });
  const [transaction, setTransaction] = useState<TransactionDetailsFragment | null | undefined>();
  useEffect(() => {
    if (result.data) setTransaction(result.data.transaction);
  }, [result.data]);
  const chargePointId = transaction?.chargePointId ?? "";
  useSubscriptionEvents(
    TransactionLiveSubscription,
    { chargePointId },
    ({ transactionUpdated }) => {
      if (transactionUpdated.transactionId === transactionId) setTransaction(transactionUpdated);
    },
    !transaction,
  );
  useRefetchOnReconnect(() => refetch({ requestPolicy: "network-only" }));

  if (transaction === undefined) {
    return (
      <>
        <h1>Session #{transactionId}</h1>
        <p class={result.error ? "alert" : "muted"}>{result.error ? describeError(result.error) : "Loading…"}</p>
      </>
    );
  }
  if (transaction === null) {
    return (
      <>
        <h1>Session #{transactionId}</h1>
        <p class="empty">
          There is no such session. <Link href="/transactions">All transactions</Link>
        </p>
      </>
    );
  }
  const end = sessionEnd(transaction, now);
  const series = sessionSeries(transaction.meterValues, transaction);
  return (
    <>
      <p class="breadcrumb">
        <Link href="/transactions">Transactions</Link> /
      </p>
      <div class="page-head">
        <h1>Session #{transaction.transactionId}</h1>
        <SessionBadge transaction={transaction} />
      </div>
      <dl class="stats">
        <div class="stat">
          <dt>Energy</dt>
          <dd class="num" data-testid="session-energy">
            {formatKWh(transaction.energyWh)}
          </dd>
        </div>
        <div class="stat">
          <dt>Duration</dt>
          <dd class="num">{formatDuration(end - new Date(transaction.startedAt).getTime())}</dd>
        </div>
      </dl>
      <section aria-labelledby="chart-heading" class="card">
        <h2 id="chart-heading">Power and energy</h2>
        {series.energy.length > 1 || series.power.length > 0 ? (
          <EnergyChart series={series} />
        ) : (
          <p class="empty">No meter values yet.</p>
        )}
      </section>
      <section aria-labelledby="session-details-heading" class="card">
        <h2 id="session-details-heading">Details</h2>
        <dl class="facts">
          <dt>Station</dt>
          <dd>
            <Link href={`/stations/${encodeURIComponent(transaction.chargePointId)}`}>{transaction.chargePointId}</Link>
            , {sessionPlaceName(transaction)}
          </dd>
          {isStationNamedSession(transaction) && (
            <>
              <dt>Station's transaction id</dt>
              <dd class="mono" data-testid="station-transaction-id">
                {transaction.stationTransactionId}
              </dd>
            </>
          )}
          <dt>ID tag</dt>
          <dd>
            <IdToken transaction={transaction} /> <span class="muted">({transaction.idTagStatus})</span>
          </dd>
          {transaction.chargingState && (
            <>
              <dt>Charging state</dt>
              <dd>{transaction.chargingState}</dd>
            </>
          )}
          <dt>Started</dt>
          <dd class="num">{formatDateTime(transaction.startedAt)}</dd>
          <dt>Stopped</dt>
          <dd class="num">{formatDateTime(transaction.stoppedAt)}</dd>
          <dt>Meter start / stop</dt>
          <dd class="num">
            {transaction.meterStart != null ? `${transaction.meterStart} Wh` : "—"} /{" "}
            {transaction.meterStop != null ? `${transaction.meterStop} Wh` : "—"}
          </dd>
          <dt>Stop reason</dt>
          <dd>{transaction.stopReason ?? "—"}</dd>
          <dt>Meter values</dt>
          <dd class="num">{transaction.meterValues.length}</dd>
        </dl>
      </section>
    </>
  );
}
