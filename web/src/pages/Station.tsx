import { useQuery } from "@urql/preact";
import { useEffect, useState } from "preact/hooks";
import { Link } from "wouter-preact";
import { OnlineBadge, RegistrationBadge, StatusBadge, VersionBadge } from "../components/badges";
import { Configuration } from "../components/Configuration";
import { DeviceModel } from "../components/DeviceModel";
import { MessageLog } from "../components/MessageLog";
import { Registration } from "../components/Registration";
import { StationControls } from "../components/StationControls";
import { StationEvents } from "../components/StationEvents";
import { TransactionTable } from "../components/TransactionTable";
import {
  ConnectorsLiveSubscription,
  MeQuery,
  MessagesLiveSubscription,
  MessagesQuery,
  StationLiveSubscription,
  StationQuery,
  StationTransactionsQuery,
  TransactionsLiveSubscription,
} from "../documents";
import type {
  ConnectorFieldsFragment,
  MessageRowFragment,
  StationDetailsFragment,
  TransactionRowFragment,
} from "../gql/graphql";
import { describeError } from "../lib/errors";
import { connectorName, groupByEvse, hasDeviceModel, hasEvses, VERSION_NAMES } from "../lib/fleet";
import { formatAgo, formatDateTime } from "../lib/format";
import { useNow, useRefetchOnReconnect, useSubscriptionEvents, useTitle } from "../lib/hooks";
import { prependMessage, upsertConnector, upsertTransaction } from "../lib/live";
import { ACTIONS_OF_VERSION } from "../lib/ocpp";

const MESSAGE_PAGE = 50;

export function StationPage({ chargePointId }: { chargePointId: string }) {
  useTitle(chargePointId);
  const now = useNow(1000);
  const [result, refetch] = useQuery({ query: StationQuery, variables: { chargePointId } });
  const [me] = useQuery({ query: MeQuery });
  const isAdmin = me.data?.me?.role === "admin";
  const [station, setStation] = useState<StationDetailsFragment | null | undefined>();
  useEffect(() => {
    if (result.data) setStation(result.data.station);
  }, [result.data]);

  const [txResult, refetchTransactions] = useQuery({
    query: StationTransactionsQuery,
    variables: { chargePointId, first: 20 },
  });
  const [transactions, setTransactions] = useState<TransactionRowFragment[]>([]);
  useEffect(() => {
    if (txResult.data) setTransactions(txResult.data.transactions.edges.map((e) => e.node));
  }, [txResult.data]);

  useSubscriptionEvents(StationLiveSubscription, { chargePointId }, ({ stationUpdated }) => setStation(stationUpdated));
  useSubscriptionEvents(ConnectorsLiveSubscription, { chargePointId }, ({ connectorStatusChanged }) =>
    setStation(
      (current) => current && { ...current, connectors: upsertConnector(current.connectors, connectorStatusChanged) },
    ),
  );
  useSubscriptionEvents(TransactionsLiveSubscription, { chargePointId }, ({ transactionUpdated }) =>
    setTransactions((current) => upsertTransaction(current, transactionUpdated).slice(0, 50)),
  );
  useRefetchOnReconnect(() => {
    refetch({ requestPolicy: "network-only" });
    refetchTransactions({ requestPolicy: "network-only" });
  });

  if (station === undefined) {
    return (
      <>
        <h1>{chargePointId}</h1>
        <p class={result.error ? "alert" : "muted"}>{result.error ? describeError(result.error) : "Loading…"}</p>
      </>
    );
  }
  if (station === null) {
    return (
      <>
        <h1>{chargePointId}</h1>
        <p class="empty">
          No station with this identity has connected yet. <Link href="/">Back to the dashboard</Link>
        </p>
      </>
    );
  }

  const connectorIds = [...new Set(station.connectors.map((c) => c.connectorId).filter((id) => id > 0))];
  const active = transactions.filter((t) => t.active);
  const withEvses = hasEvses(station.ocppVersion);

  return (
    <>
      <div class="page-head">
        <h1>{station.chargePointId}</h1>
        <VersionBadge version={station.ocppVersion} />
        <RegistrationBadge status={station.registrationStatus} />
        <OnlineBadge connected={station.connected} />
      </div>
      <p class="muted">{[station.vendor, station.model].filter(Boolean).join(" · ") || "Not booted yet"}</p>

      <div class="two-columns">
        <section aria-labelledby="details-heading" class="card">
          <h2 id="details-heading">Details</h2>
          <dl class="facts">
            <Fact label="OCPP version" value={VERSION_NAMES[station.ocppVersion]} />
            <Fact label="Registration" value={station.registrationStatus} />
            <Fact label="Last heartbeat" value={formatAgo(station.lastHeartbeatAt, now)} />
            <Fact
              label={station.connected ? "Connected since" : "Disconnected since"}
              value={formatDateTime(station.connected ? station.connectedAt : station.disconnectedAt)}
            />
            <Fact label="Last boot" value={formatDateTime(station.lastBootAt)} />
            <Fact label="Firmware" value={station.firmwareVersion} />
            <Fact label="Serial number" value={station.serialNumber ?? station.chargeBoxSerialNumber} />
            <Fact label="Charge box serial" value={station.chargeBoxSerialNumber} />
            <Fact
              label="Meter"
              value={[station.meterType, station.meterSerialNumber].filter(Boolean).join(" · ") || null}
            />
            <Fact label="ICCID / IMSI" value={[station.iccid, station.imsi].filter(Boolean).join(" · ") || null} />
            <Fact label="Firmware status" value={station.firmwareStatus} />
            <Fact label="Diagnostics status" value={station.diagnosticsStatus} />
            <Fact label="Local list version" value={station.localListVersion?.toString()} />
          </dl>
        </section>

        <section aria-labelledby="connectors-heading" class="card">
          <h2 id="connectors-heading">Connectors</h2>
          {station.connectors.length === 0 ? (
            <p class="empty">No StatusNotification received yet.</p>
          ) : withEvses ? (
            <ul class="evse-list">
              {groupByEvse(station.connectors).map((evse) => (
                <li key={evse.evseId} data-evse={evse.evseId}>
                  <h3 class="evse-name" id={`evse-${evse.evseId}`}>
                    EVSE {evse.evseId}
                  </h3>
                  <ConnectorList
                    connectors={evse.connectors}
                    version={station.ocppVersion}
                    labelledBy={`evse-${evse.evseId}`}
                  />
                </li>
              ))}
            </ul>
          ) : (
            <ConnectorList connectors={station.connectors} version={station.ocppVersion} />
          )}
        </section>
      </div>

      <section aria-labelledby="controls-heading">
        <h2 id="controls-heading">Controls</h2>
        <StationControls
          chargePointId={station.chargePointId}
          connected={station.connected}
          connectorIds={connectorIds}
          activeTransactions={active}
        >
          {isAdmin && (
            <Registration
              chargePointId={station.chargePointId}
              status={station.registrationStatus}
              onDecided={(registrationStatus) => setStation((current) => current && { ...current, registrationStatus })}
            />
          )}
        </StationControls>
      </section>

      {hasDeviceModel(station.ocppVersion) ? (
        <section aria-labelledby="device-model-heading">
          <h2 id="device-model-heading">Device model</h2>
          <DeviceModel chargePointId={station.chargePointId} />
        </section>
      ) : (
        <section aria-labelledby="configuration-heading">
          <h2 id="configuration-heading">Configuration</h2>
          <Configuration station={station} onChanged={() => refetch({ requestPolicy: "network-only" })} />
        </section>
      )}

      <section aria-labelledby="events-heading">
        <h2 id="events-heading">Events</h2>
        <StationEvents chargePointId={station.chargePointId} />
      </section>

      <section aria-labelledby="transactions-heading">
        <h2 id="transactions-heading">Transactions</h2>
        {transactions.length === 0 ? (
          <p class="empty">No sessions on this station yet.</p>
        ) : (
          <TransactionTable
            transactions={transactions}
            now={now}
            showStation={false}
            caption={`Transactions of ${station.chargePointId}`}
          />
        )}
      </section>

      <section aria-labelledby="log-heading">
        <h2 id="log-heading">OCPP message log</h2>
        <StationLog chargePointId={station.chargePointId} ocppVersion={station.ocppVersion} />
      </section>
    </>
  );
}

/** A 1.6 station's connectors as a flat list; a 2.0.1 station has one per EVSE, named "EVSE 1 · connector 1". */
function ConnectorList({
  connectors,
  version,
  labelledBy,
}: {
  connectors: readonly ConnectorFieldsFragment[];
  version: StationDetailsFragment["ocppVersion"];
  labelledBy?: string;
}) {
  const withEvses = hasEvses(version);
  return (
    <ul class="connector-list" aria-labelledby={labelledBy}>
      {connectors.map((connector) => (
        <li
          key={`${connector.evseId}/${connector.connectorId}`}
          data-evse={withEvses ? connector.evseId : undefined}
          data-connector={connector.connectorId}
        >
          <StatusBadge
            status={connector.status}
            connectorId={connector.connectorId}
            evseId={withEvses ? connector.evseId : undefined}
            errorCode={connector.errorCode}
          />
          <span class="connector-meta">
            {connectorName(connector, version)}
            <span class="muted num"> · since {formatDateTime(connector.statusAt)}</span>
            {connector.errorCode !== "NoError" && (
              <span class="error-text">
                {" "}
                · {connector.errorCode}
                {connector.vendorErrorCode ? ` (${connector.vendorErrorCode})` : ""}
              </span>
            )}
            {connector.info && <span class="muted"> · {connector.info}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Fact({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <>
      <dt>{label}</dt>
      <dd class="num">{value || "—"}</dd>
    </>
  );
}

/** The live audit log of one station: newest first, filtered by action, older pages on demand. */
function StationLog({
  chargePointId,
  ocppVersion,
}: {
  chargePointId: string;
  ocppVersion: StationDetailsFragment["ocppVersion"];
}) {
  const [action, setAction] = useState("");
  // Where the schema does not list a version's actions, the filter offers those seen in this log so far.
  const [seenActions, setSeenActions] = useState<readonly string[]>([]);
  const [after, setAfter] = useState<string | undefined>();
  const [messages, setMessages] = useState<MessageRowFragment[]>([]);
  const [result, refetch] = useQuery({
    query: MessagesQuery,
    variables: { chargePointId, action: action || null, first: MESSAGE_PAGE, after },
    requestPolicy: "network-only",
  });
  useEffect(() => {
    const page = result.data?.messages.edges.map((e) => e.node);
    if (!page || !result.operation) return;
    const { after: pageAfter, action: pageAction } = result.operation.variables;
    setMessages((current) => {
      if (!pageAfter) {
        // Keep live rows that arrived while the first page was loading.
        const ids = new Set(page.map((m) => m.id));
        const newer = current.filter(
          (m) => !ids.has(m.id) && Number(m.id) > Number(page[0]?.id ?? 0) && (!pageAction || m.action === pageAction),
        );
        return [...newer, ...page];
      }
      const ids = new Set(current.map((m) => m.id));
      return [...current, ...page.filter((m) => !ids.has(m.id))];
    });
  }, [result.data, result.operation]);
  useSubscriptionEvents(MessagesLiveSubscription, { chargePointId }, ({ ocppMessageLogged }) =>
    setMessages((current) => prependMessage(current, ocppMessageLogged, action || undefined)),
  );
  useRefetchOnReconnect(() => {
    setAfter(undefined);
    refetch({ requestPolicy: "network-only" });
  });
  useEffect(() => {
    setSeenActions((seen) => {
      const fresh = messages.map((m) => m.action).filter((a): a is string => Boolean(a) && !seen.includes(a!));
      return fresh.length === 0 ? seen : [...new Set([...seen, ...fresh])].sort();
    });
  }, [messages]);
  const pageInfo = result.data?.messages.pageInfo;
  return (
    <>
      {result.error && <p class="alert">{describeError(result.error)}</p>}
      <MessageLog
        messages={messages}
        action={action}
        actions={ACTIONS_OF_VERSION[ocppVersion] ?? seenActions}
        onActionChange={(next) => {
          setAction(next);
          setAfter(undefined);
          setMessages([]);
        }}
        loading={result.fetching}
        hasMore={pageInfo?.hasNextPage}
        onLoadMore={() => setAfter(pageInfo?.endCursor ?? undefined)}
      />
    </>
  );
}
