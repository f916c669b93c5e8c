import type { ConnectorStatus } from "../gql/enums";

/** Every connector status has its tone: a status added to the schema does not typecheck until it has one. */
const STATUS_TONES: Record<ConnectorStatus, string> = {
  Available: "ok",
  Preparing: "info",
  Charging: "active",
  Occupied: "active",
  SuspendedEV: "warn",
  SuspendedEVSE: "warn",
  Finishing: "info",
  Reserved: "reserved",
  Unavailable: "muted",
  Faulted: "error",
};

/** An OCPP connector status with a fixed width, so live changes never move the layout. */
export function StatusBadge({
  status,
  connectorId,
  errorCode,
}: {
  status: string;
  connectorId?: number;
  errorCode?: string | null;
}) {
  const tone = STATUS_TONES[status as ConnectorStatus] ?? "muted";
  const hasError = errorCode && errorCode !== "NoError";
  const label =
    connectorId === undefined
      ? status
      : connectorId === 0
        ? `Charge point: ${status}`
        : `Connector ${connectorId}: ${status}`;
  return (
    <span
      class={`badge badge-${tone}`}
      data-status={status}
      title={hasError ? `${label} (${errorCode})` : label}
      aria-label={hasError ? `${label}, error ${errorCode}` : label}
    >
      {connectorId !== undefined && (
        <span class="badge-connector" aria-hidden="true">
          {connectorId}
        </span>
      )}
      <span class="badge-text" aria-hidden="true">
        {status}
      </span>
      {hasError && (
        <span class="badge-alert" aria-hidden="true">
          !
        </span>
      )}
    </span>
  );
}

/** A station's WebSocket state. */
export function OnlineBadge({ connected }: { connected: boolean }) {
  return (
    <span class={`pill ${connected ? "pill-online" : "pill-offline"}`} data-connected={connected}>
      <span class="dot" aria-hidden="true" />
      {connected ? "Online" : "Offline"}
    </span>
  );
}

const ID_TAG_TONES: Record<string, string> = { Accepted: "ok", Blocked: "error", Expired: "muted" };

export function IdTagStatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-narrow badge-${ID_TAG_TONES[status] ?? "muted"}`}>{status}</span>;
}
