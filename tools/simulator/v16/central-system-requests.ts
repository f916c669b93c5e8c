import type {
  DiagnosticsStatusNotificationRequest,
  FirmwareStatusNotificationRequest,
  OcppRequests,
  OcppResponses,
  ResetRequest,
  StopTransactionRequest,
} from "../../../src/generated/ocpp-types.js";
import type { ChargingProfiles } from "./charging-profiles.js";
import type { ConfigurationStore } from "./configuration.js";
import type { ChargePointStatus, Connector, LocalTransaction } from "./connector.js";
import type { LocalAuthList } from "./local-auth-list.js";
import type { SimulatorLogger } from "../logger.js";
import type { ReadingContext } from "./meter-values.js";
import type { Timers } from "../timers.js";

/** The operations a central system initiates (OCPP 1.6 chapter 5); the simulator answers all of them. */
export type CentralSystemAction =
  | "CancelReservation"
  | "ChangeAvailability"
  | "ChangeConfiguration"
  | "ClearCache"
  | "ClearChargingProfile"
  | "DataTransfer"
  | "GetCompositeSchedule"
  | "GetConfiguration"
  | "GetDiagnostics"
  | "GetLocalListVersion"
  | "RemoteStartTransaction"
  | "RemoteStopTransaction"
  | "ReserveNow"
  | "Reset"
  | "SendLocalList"
  | "SetChargingProfile"
  | "TriggerMessage"
  | "UnlockConnector"
  | "UpdateFirmware";

export type CentralSystemRequestHandlers = {
  [A in CentralSystemAction]: (request: OcppRequests[A]) => OcppResponses[A];
};

export type StopReason = NonNullable<StopTransactionRequest["reason"]>;
export type NotificationAction =
  "DiagnosticsStatusNotification" | "FirmwareStatusNotification" | "Heartbeat" | "StatusNotification";
type FirmwareStatus = FirmwareStatusNotificationRequest["status"];
type DiagnosticsStatus = DiagnosticsStatusNotificationRequest["status"];

/** What the answers to central-system commands may see and do on the charge point. */
export interface ChargePointContext {
  readonly identity: string;
  /** Indexed by connectorId; connector 0 is the charge point as a whole. */
  readonly connectors: readonly Connector[];
  readonly configuration: ConfigurationStore;
  readonly localAuthList: LocalAuthList;
  readonly chargingProfiles: ChargingProfiles;
  readonly timers: Timers;
  readonly log: SimulatorLogger;
  /** Delay between the steps of a firmware update or diagnostics upload. */
  readonly progressStepMs: number;
  /** Runs work once the answer to the command being handled has been sent. */
  afterReply(work: () => void): void;
  beginTransaction(connector: Connector, idTag: string): LocalTransaction;
  stopTransaction(connectorId: number, reason: StopReason): boolean;
  reboot(type: ResetRequest["type"]): Promise<void>;
  /** Sets a connector's status and reports it if it changed; by default the status its state implies. */
  setStatus(connector: Connector, status?: ChargePointStatus): void;
  /** Sends a StatusNotification with the connector's current status. */
  reportStatus(connector: Connector): void;
  /** Sends a message when online, without waiting for the answer. */
  notify<A extends NotificationAction>(action: A, request: OcppRequests[A]): void;
  bootNotification(): void;
  sendMeterValues(connector: Connector, context: ReadingContext): void;
  configurationChanged(key: string): void;
}

/** The charge point's answer to every central-system command, and what it does afterwards. */
export function createRequestHandlers(cp: ChargePointContext): CentralSystemRequestHandlers {
  let firmwareStatus: FirmwareStatus = "Idle";
  let diagnosticsStatus: DiagnosticsStatus = "Idle";
  const { connectors, configuration, timers } = cp;

  /** Reports each step of a long operation, progressStepMs apart, starting after delayMs. */
  const progress = <S>(delayMs: number, steps: readonly S[], report: (step: S) => void) =>
    steps.forEach((step, index) => timers.after(delayMs + index * cp.progressStepMs, () => report(step)));

  const clearReservation = (connector: Connector) => {
    timers.cancel(connector.reservation?.expiry);
    connector.reservation = undefined;
    cp.afterReply(() => cp.setStatus(connector));
  };

  return {
    RemoteStartTransaction({ connectorId, idTag, chargingProfile }) {
      const connector =
        connectorId === undefined ? connectors.find((c) => c.canStartFor(idTag)) : connectors[connectorId];
      if (!connector?.canStartFor(idTag)) return { status: "Rejected" };
      if (chargingProfile && chargingProfile.chargingProfilePurpose !== "TxProfile") return { status: "Rejected" };
      // AuthorizeRemoteTxRequests is false: the session starts without an Authorize.
      cp.afterReply(() => {
        if (!connector.canStartFor(idTag)) return;
        cp.beginTransaction(connector, idTag);
        if (chargingProfile) cp.chargingProfiles.install(connector.connectorId, chargingProfile);
      });
      return { status: "Accepted" };
    },

    RemoteStopTransaction({ transactionId }) {
      const connector = connectors.find((c) => c.transaction?.transactionId === transactionId);
      if (!connector) return { status: "Rejected" };
      cp.afterReply(() => cp.stopTransaction(connector.connectorId, "Remote"));
      return { status: "Accepted" };
    },

    UnlockConnector({ connectorId }) {
      if (connectorId === 0 || !connectors[connectorId]) return { status: "NotSupported" };
      cp.afterReply(() => cp.stopTransaction(connectorId, "UnlockCommand"));
      return { status: "Unlocked" };
    },

    Reset({ type }) {
      cp.afterReply(() => void cp.reboot(type));
      return { status: "Accepted" };
    },

    /** Connector 0 means all; a connector with a session becomes Inoperative when the session ends (Scheduled). */
    ChangeAvailability({ connectorId, type }) {
      const targets = connectorId === 0 ? connectors : connectors.slice(connectorId, connectorId + 1);
      if (targets.length === 0) return { status: "Rejected" };
      let scheduled = false;
      for (const connector of targets) {
        if (connector.transaction && type === "Inoperative") {
          connector.scheduledAvailability = type;
          scheduled = true;
        } else {
          connector.availability = type;
          connector.scheduledAvailability = undefined;
          cp.afterReply(() => cp.setStatus(connector));
        }
      }
      return { status: scheduled ? "Scheduled" : "Accepted" };
    },

    ClearCache: () => ({ status: "Accepted" }),

    DataTransfer: () => ({ status: "UnknownVendorId" }),

    GetConfiguration: ({ key }) => configuration.report(key),

    ChangeConfiguration({ key, value }) {
      const status = configuration.change(key, value);
      if (status === "Accepted") cp.afterReply(() => cp.configurationChanged(key));
      return { status };
    },

    GetLocalListVersion: () => ({
      listVersion: configuration.flag("LocalAuthListEnabled") ? cp.localAuthList.listVersion : -1,
    }),

    SendLocalList(request) {
      if (!configuration.flag("LocalAuthListEnabled")) return { status: "NotSupported" };
      const entries = request.localAuthorizationList?.length ?? 0;
      if (entries > configuration.number("SendLocalListMaxLength")) return { status: "Failed" };
      return { status: cp.localAuthList.update(request) };
    },

    ReserveNow(request) {
      const connector = connectors[request.connectorId];
      // ReserveConnectorZeroSupported is false.
      if (!connector || request.connectorId === 0) return { status: "Rejected" };
      if (connector.availability === "Inoperative") return { status: "Unavailable" };
      if (connector.status === "Faulted") return { status: "Faulted" };
      const reservedByOther =
        connector.reservation && connector.reservation.request.reservationId !== request.reservationId;
      if (connector.transaction || reservedByOther) return { status: "Occupied" };
      const expiresInMs = Date.parse(request.expiryDate) - Date.now();
      if (!(expiresInMs > 0)) return { status: "Rejected" };
      // A reservationId already in use elsewhere is replaced.
      const previous = connectors.find((c) => c.reservation?.request.reservationId === request.reservationId);
      if (previous) clearReservation(previous);
      connector.reservation = {
        request,
        expiry: timers.after(expiresInMs, () => {
          cp.log.info(`reservation ${request.reservationId} on connector ${request.connectorId} expired`);
          clearReservation(connector);
        }),
      };
      cp.afterReply(() => cp.setStatus(connector));
      return { status: "Accepted" };
    },

    CancelReservation({ reservationId }) {
      const connector = connectors.find((c) => c.reservation?.request.reservationId === reservationId);
      if (!connector) return { status: "Rejected" };
      clearReservation(connector);
      return { status: "Accepted" };
    },

    SetChargingProfile(request) {
      const connector = connectors[request.connectorId];
      if (!connector) return { status: "Rejected" };
      return { status: cp.chargingProfiles.set(request, connector.transaction) };
    },

    ClearChargingProfile: (request) => ({ status: cp.chargingProfiles.clear(request) }),

    GetCompositeSchedule: (request) =>
      connectors[request.connectorId] ? cp.chargingProfiles.compositeSchedule(request) : { status: "Rejected" },

    TriggerMessage({ requestedMessage, connectorId }) {
      if (connectorId !== undefined && !connectors[connectorId]) return { status: "Rejected" };
      const targets = connectorId === undefined ? connectors : connectors.slice(connectorId, connectorId + 1);
      cp.afterReply(() => {
        switch (requestedMessage) {
          case "BootNotification":
            return cp.bootNotification();
          case "Heartbeat":
            return cp.notify("Heartbeat", {});
          case "StatusNotification":
            return targets.forEach((connector) => cp.reportStatus(connector));
          case "MeterValues":
            return targets.filter((c) => c.connectorId > 0).forEach((c) => cp.sendMeterValues(c, "Trigger"));
          case "FirmwareStatusNotification":
            return cp.notify("FirmwareStatusNotification", {
              status: firmwareStatus === "Installed" ? "Idle" : firmwareStatus,
            });
          case "DiagnosticsStatusNotification":
            return cp.notify("DiagnosticsStatusNotification", {
              status: diagnosticsStatus === "Uploaded" ? "Idle" : diagnosticsStatus,
            });
        }
      });
      return { status: "Accepted" };
    },

    UpdateFirmware({ location, retrieveDate }) {
      const startInMs = Math.max(0, Date.parse(retrieveDate) - Date.now());
      cp.log.info(`firmware update from ${location} ${startInMs > 0 ? `at ${retrieveDate}` : "now"}`);
      progress(startInMs, ["Downloading", "Downloaded", "Installing", "Installed"] as const, (status) => {
        firmwareStatus = status;
        cp.notify("FirmwareStatusNotification", { status });
      });
      return {};
    },

    GetDiagnostics() {
      const fileName = `${cp.identity}-diagnostics-${new Date().toISOString().replace(/[:.]/g, "-")}.log`;
      progress(0, ["Uploading", "Uploaded"] as const, (status) => {
        diagnosticsStatus = status;
        cp.notify("DiagnosticsStatusNotification", { status });
      });
      return { fileName };
    },
  };
}
