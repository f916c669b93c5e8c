import { useQuery } from "@urql/preact";
import { useEffect, useState } from "preact/hooks";
import { StationEventsLiveSubscription, StationEventsQuery } from "../documents";
import { StationEventKind } from "../gql/enums";
import type { StationEventRowFragment } from "../gql/graphql";
import { describeError } from "../lib/errors";
import { formatDateTime, formatTime } from "../lib/format";
import { useRefetchOnReconnect, useSubscriptionEvents } from "../lib/hooks";
import { prependById } from "../lib/live";
import { passesEventFilter, SEVERITY_NAMES, severityName, severityTone } from "../lib/severity";

const PAGE = 50;
const KINDS = Object.values(StationEventKind);

/** The severity of an event as a badge whose tone says how bad it is; its level number stays visible. */
export function SeverityBadge({ severity }: { severity: number | null | undefined }) {
  const name = severityName(severity);
  return (
    <span class={`badge badge-${severityTone(severity)}`} data-severity={severity ?? ""}>
      <span class="badge-connector" aria-hidden="true">
        {severity ?? "–"}
      </span>
      <span class="badge-text">{name}</span>
    </span>
  );
}

/** What a notification is about: "EVSE 1 · Connector.AvailabilityState = Occupied". */
function subjectOf(event: StationEventRowFragment): string | null {
  if (!event.component && !event.variable) return null;
  const place = [
    event.evseId != null ? `EVSE ${event.evseId}` : null,
    event.connectorId != null ? `connector ${event.connectorId}` : null,
  ].filter(Boolean);
  const name = [event.component, event.variable].filter(Boolean).join(".");
  const value = event.actualValue != null ? ` = ${event.actualValue}` : "";
  return [...place, `${name}${value}`].join(" · ");
}

/** Events the station reported (notifications and security events), newest first, filtered, arriving live. */
export function StationEvents({ chargePointId }: { chargePointId: string }) {
  const [kind, setKind] = useState<StationEventKind | "">("");
  const [minSeverity, setMinSeverity] = useState("");
  const [after, setAfter] = useState<string | undefined>();
  const [events, setEvents] = useState<StationEventRowFragment[]>([]);
  const filter = { kind: kind || null, minSeverity: minSeverity === "" ? null : Number(minSeverity) };
  const [result, refetch] = useQuery({
    query: StationEventsQuery,
    variables: { chargePointId, ...filter, first: PAGE, after },
    requestPolicy: "network-only",
  });
  useEffect(() => {
    const page = result.data?.stationEvents.edges.map((e) => e.node);
    if (!page || !result.operation) return;
    const isLaterPage = Boolean(result.operation.variables.after);
    setEvents((current) => {
      if (isLaterPage) {
        const ids = new Set(current.map((e) => e.id));
        return [...current, ...page.filter((e) => !ids.has(e.id))];
      }
      // Keep live events that arrived while the first page was loading.
      const ids = new Set(page.map((e) => e.id));
      const newest = page[0] ? new Date(page[0].receivedAt).getTime() : 0;
      const newer = current.filter((e) => !ids.has(e.id) && new Date(e.receivedAt).getTime() > newest);
      return [...newer, ...page];
    });
  }, [result.data, result.operation]);
  useSubscriptionEvents(StationEventsLiveSubscription, { chargePointId }, ({ stationEventReported: event }) => {
    if (passesEventFilter(event, filter)) setEvents((current) => prependById(current, event));
  });
  useRefetchOnReconnect(() => {
    setAfter(undefined);
    refetch({ requestPolicy: "network-only" });
  });

  const changeFilter = (apply: () => void) => {
    apply();
    setAfter(undefined);
    setEvents([]);
  };
  const pageInfo = result.data?.stationEvents.pageInfo;
  const filtered = Boolean(kind || minSeverity);
  return (
    <div class="events">
      <div class="log-toolbar">
        <label>
          Kind
          <select
            value={kind}
            onChange={(e) => changeFilter(() => setKind(e.currentTarget.value as StationEventKind | ""))}
          >
            <option value="">All kinds</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k === "Security" ? "Security events" : "Notifications"}
              </option>
            ))}
          </select>
        </label>
        <label>
          Severity
          <select value={minSeverity} onChange={(e) => changeFilter(() => setMinSeverity(e.currentTarget.value))}>
            <option value="">Any</option>
            {SEVERITY_NAMES.map((name, level) => (
              <option key={level} value={String(level)}>
                {level === 0 ? `${level} ${name}` : `${level} ${name} or worse`}
              </option>
            ))}
          </select>
        </label>
        <span class="muted" aria-live="polite">
          {events.length} {events.length === 1 ? "event" : "events"} shown
        </span>
      </div>
      {result.error && <p class="alert">{describeError(result.error)}</p>}
      {events.length === 0 ? (
        <p class="empty">
          {result.fetching
            ? "Loading events…"
            : filtered
              ? "No event matches these filters."
              : `${chargePointId} has reported no events yet.`}
        </p>
      ) : (
        <ol class="event-rows" aria-label="Station events, newest first" tabIndex={0}>
          {events.map((event) => {
            const subject = subjectOf(event);
            return (
              <li key={event.id} class="event-row" data-event-kind={event.kind} data-event-type={event.type}>
                <SeverityBadge severity={event.severity} />
                <div class="event-body">
                  <p class="event-head">
                    <time class="num" dateTime={event.timestamp} title={formatDateTime(event.timestamp)}>
                      {formatTime(event.timestamp)}
                    </time>{" "}
                    <span class="event-kind">{event.kind === "Security" ? "Security" : "Notification"}</span>{" "}
                    <strong class="event-type">{event.type}</strong>
                    {event.cleared && <span class="muted"> · cleared</span>}
                  </p>
                  {subject && <p class="event-subject mono">{subject}</p>}
                  {(event.techInfo || event.techCode) && (
                    <p class="event-tech muted">{[event.techCode, event.techInfo].filter(Boolean).join(": ")}</p>
                  )}
                  {event.transactionId && <p class="muted event-tech">Transaction {event.transactionId}</p>}
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {pageInfo?.hasNextPage && (
        <button
          type="button"
          class="secondary"
          disabled={result.fetching}
          onClick={() => setAfter(pageInfo.endCursor ?? undefined)}
        >
          {result.fetching ? "Loading…" : "Load older events"}
        </button>
      )}
    </div>
  );
}
