import type { ConnectorStatus, OcppVersion, RegistrationStatus } from "../gql/enums";
import { VERSION_NAMES } from "../lib/fleet";

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
  evseId,
  errorCode,
}: {
  status: string;
  connectorId?: number;
  /** Given for stations whose connectors count within an EVSE (2.0.1): the badge then names both. */
  evseId?: number;
  errorCode?: string | null;
}) {
  const tone = STATUS_TONES[status as ConnectorStatus] ?? "muted";
  const hasError = errorCode && errorCode !== "NoError";
  const label =
    connectorId === undefined
      ? status
      : evseId !== undefined
        ? `EVSE ${evseId} · connector ${connectorId}: ${status}`
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
          {evseId !== undefined ? `${evseId}·${connectorId}` : connectorId}
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

/** The OCPP version a station speaks, as "1.6" or "2.0.1"; screen readers hear "OCPP 2.0.1". */
export function VersionBadge({ version }: { version: OcppVersion }) {
  return (
    <span class="version" data-ocpp-version={version} title={`Speaks OCPP ${VERSION_NAMES[version]}`}>
      <span class="visually-hidden">OCPP </span>
      {VERSION_NAMES[version]}
    </span>
  );
}

const REGISTRATION_TONES: Record<RegistrationStatus, string> = { Accepted: "ok", Pending: "warn", Rejected: "error" };

/** How the station's boots are answered; nothing while that is Accepted (or before its first boot). */
export function RegistrationBadge({ status }: { status: RegistrationStatus | null | undefined }) {
  if (!status || status === "Accepted") return null;
  return (
    <span
      class={`badge badge-narrow badge-${REGISTRATION_TONES[status]}`}
      data-registration={status}
      title={status === "Pending" ? "Held pending: not served until accepted" : "Rejected: not served"}
    >
      <span class="visually-hidden">Registration </span>
      {status}
    </span>
  );
}
