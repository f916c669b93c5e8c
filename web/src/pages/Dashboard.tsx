import { useQuery } from "@urql/preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { Link } from "wouter-preact";
import { OnlineBadge, StatusBadge } from "../components/badges";
import {
  ConnectorsLiveSubscription,
  NetworkSummaryQuery,
  StationsLiveSubscription,
  StationsQuery,
  TransactionsLiveSubscription,
} from "../documents";
import type { ConnectorStatus } from "../gql/enums";
import type { StationSummaryFragment } from "../gql/graphql";
import { describeError } from "../lib/errors";
import { formatAgo, formatKWh, localMidnight } from "../lib/format";
import { useNow, useRefetchOnReconnect, useSubscriptionEvents, useThrottled, useTitle } from "../lib/hooks";
import { applyConnectorEvent, upsertStation } from "../lib/live";

const PAGE = 100;
const STATUS_ORDER = [
  "Available",
  "Preparing",
  "Charging",
  "Occupied",
  "SuspendedEVSE",
  "SuspendedEV",
  "Finishing",
  "Reserved",
  "Unavailable",
  "Faulted",
] satisfies ConnectorStatus[] as ConnectorStatus[];

export function Dashboard() {
  useTitle("Dashboard");
  const now = useNow(15_000);
  // Recomputed as the clock passes midnight, so "today" rolls over by itself.
  const since = localMidnight(new Date(now));
  const [summary, refetchSummary] = useQuery({ query: NetworkSummaryQuery, variables: { since } });
  const refreshSummary = useThrottled(() => refetchSummary({ requestPolicy: "network-only" }), 1000);

  const [after, setAfter] = useState<string | undefined>();
  const [stationsResult, refetchStations] = useQuery({ query: StationsQuery, variables: { first: PAGE, after } });
  const [stations, setStations] = useState<StationSummaryFragment[]>([]);
  useEffect(() => {
    const page = stationsResult.data?.stations.edges.map((edge) => edge.node);
    if (!page) return;
    // A later page extends the list; the first page replaces it.
    const isLaterPage = Boolean(stationsResult.operation?.variables.after);
    setStations((current) => (isLaterPage ? page.reduce(upsertStation, current) : page));
  }, [stationsResult.data, stationsResult.operation]);

  useSubscriptionEvents(StationsLiveSubscription, {}, ({ stationUpdated }) => {
    setStations((current) => upsertStation(current, stationUpdated));
    refreshSummary();
  });
  useSubscriptionEvents(ConnectorsLiveSubscription, {}, ({ connectorStatusChanged }) => {
    setStations((current) => applyConnectorEvent(current, connectorStatusChanged));
    refreshSummary();
  });
  useSubscriptionEvents(TransactionsLiveSubscription, {}, () => refreshSummary());
  useRefetchOnReconnect(() => {
    setAfter(undefined);
    refetchStations({ requestPolicy: "network-only" });
    refetchSummary({ requestPolicy: "network-only" });
  });

  const counts = summary.data?.networkSummary;
  const byStatus = useMemo(() => {
    const rows = [...(counts?.connectorsByStatus ?? [])];
    return rows.sort((a, b) => rank(a.status) - rank(b.status));
  }, [counts]);
  const pageInfo = stationsResult.data?.stations.pageInfo;

  return (
    <>
      <h1>Dashboard</h1>
      {summary.error && !counts && <p class="alert">{describeError(summary.error)}</p>}
      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading" class="visually-hidden">
          Network summary
        </h2>
        <dl class="stats">
          <Stat label="Stations online" value={counts?.stationsOnline} testId="stations-online" />
          <Stat label="Stations offline" value={counts?.stationsOffline} testId="stations-offline" />
          <Stat label="Active sessions" value={counts?.activeTransactions} testId="active-sessions" />
          <Stat
            label="Energy today"
            value={counts ? formatKWh(counts.energyWhSince, 1) : undefined}
            testId="energy-today"
          />
        </dl>
        <div class="status-counts" aria-label="Connectors by status">
          {byStatus.length === 0 ? (
            <span class="muted">No connectors reported yet.</span>
          ) : (
            byStatus.map((row) => (
              <span class="status-count" key={row.status}>
                <StatusBadge status={row.status} />
                <span class="num" aria-label={`${row.count} ${row.status}`}>
                  {row.count}
                </span>
              </span>
            ))
          )}
        </div>
      </section>

      <section aria-labelledby="stations-heading">
        <h2 id="stations-heading">Stations</h2>
        {stationsResult.error && stations.length === 0 && <p class="alert">{describeError(stationsResult.error)}</p>}
        {stations.length === 0 && !stationsResult.fetching && !stationsResult.error && (
          <p class="empty">No station has connected yet. Point a charger at ws://this-host:9000/&lt;id&gt;.</p>
        )}
        <ul class="station-list">
          {stations.map((station) => (
            <StationCard key={station.chargePointId} station={station} now={now} />
          ))}
        </ul>
        {pageInfo?.hasNextPage && (
          <button type="button" class="secondary" onClick={() => setAfter(pageInfo.endCursor ?? undefined)}>
            Show more stations
          </button>
        )}
      </section>
    </>
  );
}

const rank = (status: ConnectorStatus) => {
  const index = STATUS_ORDER.indexOf(status);
  return index < 0 ? STATUS_ORDER.length : index;
};

function Stat({ label, value, testId }: { label: string; value: number | string | undefined; testId: string }) {
  return (
    <div class="stat">
      <dt>{label}</dt>
      <dd class="num" data-testid={testId}>
        {value ?? "–"}
      </dd>
    </div>
  );
}

function StationCard({ station, now }: { station: StationSummaryFragment; now: number }) {
  const physical = station.connectors.filter((c) => c.connectorId > 0);
  const whole = station.connectors.find((c) => c.connectorId === 0);
  return (
    <li class="station-card" data-station={station.chargePointId}>
      <div class="station-card-head">
        <Link href={`/stations/${encodeURIComponent(station.chargePointId)}`} class="station-name">
          {station.chargePointId}
        </Link>
        <OnlineBadge connected={station.connected} />
      </div>
      <p class="muted station-model">
        {[station.vendor, station.model].filter(Boolean).join(" · ") || "Not booted yet"}
      </p>
      <p class="station-heartbeat">
        Last heartbeat{" "}
        <time class="num" dateTime={station.lastHeartbeatAt ?? undefined}>
          {formatAgo(station.lastHeartbeatAt, now)}
        </time>
      </p>
      <div class="connector-badges" aria-label={`Connectors of ${station.chargePointId}`}>
        {physical.length === 0 && !whole && <span class="muted">No status reported</span>}
        {whole && whole.status !== "Available" && (
          <StatusBadge status={whole.status} connectorId={0} errorCode={whole.errorCode} />
        )}
        {physical.map((connector) => (
          <StatusBadge
            key={connector.connectorId}
            status={connector.status}
            connectorId={connector.connectorId}
            errorCode={connector.errorCode}
          />
        ))}
      </div>
    </li>
  );
}
