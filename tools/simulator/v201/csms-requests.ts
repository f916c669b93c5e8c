import type {
  FirmwareStatusEnumType,
  IdTokenType,
  Ocpp201Requests,
  Ocpp201Responses,
  ReasonEnumType,
  TriggerReasonEnumType,
  UploadLogStatusEnumType,
} from "../../../src/generated/ocpp201-types.js";
import type { SimulatorLogger } from "../logger.js";
import type { Timers } from "../timers.js";
import type { ChargingProfiles } from "./charging-profiles.js";
import type { DeviceModel } from "./device-model.js";
import type { ConnectorStatus, Evse, LocalTransaction } from "./evse.js";
import type { LocalAuthList } from "./local-auth-list.js";
import type { ReadingContext } from "./meter-values.js";

/** The CSMS-initiated operations the simulator answers; any other is answered NotImplemented by ocpp-rpc. */
export type CsmsAction =
  | "CancelReservation"
  | "ChangeAvailability"
  | "ClearCache"
  | "ClearChargingProfile"
  | "DataTransfer"
  | "GetBaseReport"
  | "GetCompositeSchedule"
  | "GetLocalListVersion"
  | "GetLog"
  | "GetTransactionStatus"
  | "GetVariables"
  | "RequestStartTransaction"
  | "RequestStopTransaction"
  | "ReserveNow"
  | "Reset"
  | "SendLocalList"
  | "SetChargingProfile"
  | "SetVariables"
  | "TriggerMessage"
  | "UnlockConnector"
  | "UpdateFirmware";

export type CsmsRequestHandlers = { [A in CsmsAction]: (request: Ocpp201Requests[A]) => Ocpp201Responses[A] };

export type NotificationAction =
  | "FirmwareStatusNotification"
  | "Heartbeat"
  | "LogStatusNotification"
  | "NotifyReport"
  | "ReservationStatusUpdate"
  | "StatusNotification";

/** How a session ends: the stoppedReason and the trigger that goes with it. */
export type Stop = { reason: ReasonEnumType; trigger: TriggerReasonEnumType };

/** What the answers to CSMS requests may see and do on the station. */
export interface StationContext {
  readonly identity: string;
  /** EVSE 1..n at index 0..n-1. */
  readonly evses: readonly Evse[];
  readonly deviceModel: DeviceModel;
  readonly localAuthList: LocalAuthList;
  readonly chargingProfiles: ChargingProfiles;
  readonly timers: Timers;
  readonly log: SimulatorLogger;
  /** Delay between the steps of a firmware update or log upload. */
  readonly progressStepMs: number;
  /** Runs work once the answer to the request being handled has been sent. */
  afterReply(work: () => void): void;
  beginTransaction(
    evse: Evse,
    idToken: IdTokenType,
    start: { trigger: TriggerReasonEnumType; remoteStartId?: number },
  ): LocalTransaction;
  stopTransaction(evseId: number, stop: Stop): boolean;
  /** Immediate: sessions end and the station boots again; OnIdle: the same once no session runs. */
  reboot(type: "Immediate" | "OnIdle"): void;
  /** Sets an EVSE's status and reports it if it changed; by default the status its state implies. */
  setStatus(evse: Evse, status?: ConnectorStatus): void;
  /** Sends a StatusNotification with the EVSE's connector's current status. */
  reportStatus(evse: Evse): void;
  /** Sends a message when registered, without waiting for the answer. */
  notify<A extends NotificationAction>(action: A, request: Ocpp201Requests[A]): void;
  accepted(): boolean;
  bootNotification(): void;
  sendMeterValues(evse: Evse, context: ReadingContext): void;
  /** A TransactionEvent Updated outside the sampling interval (TriggerMessage). */
  updateTransaction(evse: Evse, trigger: TriggerReasonEnumType): void;
}

/** The station's answer to every CSMS request it supports, and what it does afterwards. */
export function createCsmsRequestHandlers(station: StationContext): CsmsRequestHandlers {
  let firmwareStatus: FirmwareStatusEnumType = "Idle";
  let firmwareRequestId: number | undefined;
  let logStatus: UploadLogStatusEnumType = "Idle";
  let logRequestId: number | undefined;
  const { evses, deviceModel, timers } = station;
  const evseById = (id: number | undefined) => (id === undefined ? undefined : evses[id - 1]);
  const byTransaction = (transactionId: string) => evses.find((e) => e.transaction?.transactionId === transactionId);

  /** Reports each step of a long operation, progressStepMs apart, starting after delayMs. */
  const progress = <S>(delayMs: number, steps: readonly S[], report: (step: S) => void) =>
    steps.forEach((step, index) => timers.after(delayMs + index * station.progressStepMs, () => report(step)));

  const clearReservation = (evse: Evse) => {
    timers.cancel(evse.reservation?.expiry);
    evse.reservation = undefined;
    station.afterReply(() => station.setStatus(evse));
  };

  return {
    RequestStartTransaction({ evseId, idToken, remoteStartId, chargingProfile }) {
      const evse = evseId === undefined ? evses.find((e) => e.canStartFor(idToken.idToken)) : evseById(evseId);
      if (!evse?.canStartFor(idToken.idToken)) return { status: "Rejected" };
      if (chargingProfile && chargingProfile.chargingProfilePurpose !== "TxProfile") return { status: "Rejected" };
      // AuthorizeRemoteStart is false: the session starts without an Authorize.
      station.afterReply(() => {
        if (!evse.canStartFor(idToken.idToken)) return;
        station.beginTransaction(evse, idToken, { trigger: "RemoteStart", remoteStartId });
        if (chargingProfile) station.chargingProfiles.install(evse.id, chargingProfile);
      });
      return { status: "Accepted" };
    },

    RequestStopTransaction({ transactionId }) {
      const evse = byTransaction(transactionId);
      if (!evse) return { status: "Rejected" };
      station.afterReply(() => station.stopTransaction(evse.id, { reason: "Remote", trigger: "RemoteStop" }));
      return { status: "Accepted" };
    },

    GetTransactionStatus: ({ transactionId }) => ({
      ...(transactionId !== undefined && { ongoingIndicator: byTransaction(transactionId) !== undefined }),
      // The queue is the station's: sent in order, so messagesInQueue is only ever briefly true.
      messagesInQueue: false,
    }),

    UnlockConnector({ evseId, connectorId }) {
      const evse = evseById(evseId);
      if (!evse || connectorId !== evse.connectorId) return { status: "UnknownConnector" };
      // F05.FR.02: an authorized session is not ended by unlocking its cable.
      if (evse.transaction?.idToken) return { status: "OngoingAuthorizedTransaction" };
      return { status: "Unlocked" };
    },

    Reset({ type, evseId }) {
      // Resetting a single EVSE is optional in 2.0.1; this station resets only as a whole.
      if (evseId !== undefined) return { status: "Rejected" };
      const busy = evses.some((evse) => evse.transaction);
      station.afterReply(() => station.reboot(type));
      return { status: type === "OnIdle" && busy ? "Scheduled" : "Accepted" };
    },

    /** No EVSE means the station; an EVSE with a session becomes Inoperative when the session ends (Scheduled). */
    ChangeAvailability({ evse: target, operationalStatus }) {
      const targets = target === undefined || target.id === 0 ? evses : [evseById(target.id)].filter(Boolean);
      if (targets.length === 0) return { status: "Rejected" };
      if (target?.connectorId !== undefined && target.connectorId !== 1) return { status: "Rejected" };
      let scheduled = false;
      for (const evse of targets as Evse[]) {
        if (evse.transaction && operationalStatus === "Inoperative") {
          evse.scheduledAvailability = operationalStatus;
          scheduled = true;
        } else {
          evse.availability = operationalStatus;
          evse.scheduledAvailability = undefined;
          station.afterReply(() => station.setStatus(evse));
        }
      }
      return { status: scheduled ? "Scheduled" : "Accepted" };
    },

    ClearCache: () => ({ status: "Accepted" }),

    DataTransfer: () => ({ status: "UnknownVendorId" }),

    GetVariables({ getVariableData }) {
      const [first, ...rest] = getVariableData.map((data) => deviceModel.get(data));
      return { getVariableResult: [first!, ...rest] };
    },

    SetVariables({ setVariableData }) {
      const [first, ...rest] = setVariableData.map((data) => deviceModel.set(data));
      return { setVariableResult: [first!, ...rest] };
    },

    /** Answered at once; the report follows in NotifyReport parts of ItemsPerMessage entries (B07). */
    GetBaseReport({ requestId, reportBase }) {
      const reportData = deviceModel.report(reportBase);
      const perMessage = Math.max(1, deviceModel.number("DeviceDataCtrlr", "ItemsPerMessage", "GetReport"));
      const generatedAt = new Date().toISOString();
      station.afterReply(() => {
        for (let seqNo = 0; seqNo * perMessage < reportData.length; seqNo++) {
          const [first, ...rest] = reportData.slice(seqNo * perMessage, (seqNo + 1) * perMessage);
          station.notify("NotifyReport", {
            requestId,
            generatedAt,
            seqNo,
            reportData: [first!, ...rest],
            ...((seqNo + 1) * perMessage < reportData.length && { tbc: true }),
          });
        }
      });
      return { status: reportData.length > 0 ? "Accepted" : "EmptyResultSet" };
    },

    GetLocalListVersion: () => ({
      versionNumber: deviceModel.flag("LocalAuthListCtrlr", "Enabled") ? station.localAuthList.versionNumber : 0,
    }),

    SendLocalList(request) {
      if (!deviceModel.flag("LocalAuthListCtrlr", "Enabled")) return { status: "Failed" };
      const entries = request.localAuthorizationList?.length ?? 0;
      if (entries > deviceModel.number("LocalAuthListCtrlr", "ItemsPerMessage")) return { status: "Failed" };
      return { status: station.localAuthList.update(request) };
    },

    ReserveNow(request) {
      // NonEvseSpecific is false: a reservation names its EVSE.
      const evse = evseById(request.evseId);
      if (!evse) return { status: "Rejected" };
      if (evse.availability === "Inoperative") return { status: "Unavailable" };
      if (evse.status === "Faulted") return { status: "Faulted" };
      const reservedByOther = evse.reservation && evse.reservation.request.id !== request.id;
      if (evse.transaction || reservedByOther) return { status: "Occupied" };
      const expiresInMs = Date.parse(request.expiryDateTime) - Date.now();
      if (!(expiresInMs > 0)) return { status: "Rejected" };
      // A reservation id already in use elsewhere is replaced.
      const previous = evses.find((e) => e.reservation?.request.id === request.id);
      if (previous) clearReservation(previous);
      evse.reservation = {
        request,
        expiry: timers.after(expiresInMs, () => {
          station.log.info(`reservation ${request.id} on EVSE ${evse.id} expired`);
          clearReservation(evse);
          station.notify("ReservationStatusUpdate", { reservationId: request.id, reservationUpdateStatus: "Expired" });
        }),
      };
      station.afterReply(() => station.setStatus(evse));
      return { status: "Accepted" };
    },

    CancelReservation({ reservationId }) {
      const evse = evses.find((e) => e.reservation?.request.id === reservationId);
      if (!evse) return { status: "Rejected" };
      clearReservation(evse);
      return { status: "Accepted" };
    },

    SetChargingProfile(request) {
      if (request.evseId !== 0 && !evseById(request.evseId)) return { status: "Rejected" };
      return { status: station.chargingProfiles.set(request, evseById(request.evseId)?.transaction) };
    },

    ClearChargingProfile: (request) => ({ status: station.chargingProfiles.clear(request) }),

    GetCompositeSchedule: (request) =>
      request.evseId === 0 || evseById(request.evseId)
        ? station.chargingProfiles.compositeSchedule(request)
        : { status: "Rejected" },

    TriggerMessage({ requestedMessage, evse: target }) {
      const targets = target === undefined ? evses : [evseById(target.id)].filter((e) => e !== undefined);
      if (targets.length === 0) return { status: "Rejected" };
      const transactionsOf = targets.filter((evse) => evse.transaction);
      switch (requestedMessage) {
        case "BootNotification":
          // F06.FR.17: a station already accepted is not booted again on request.
          if (station.accepted()) return { status: "Rejected" };
          station.afterReply(() => station.bootNotification());
          return { status: "Accepted" };
        case "Heartbeat":
          station.afterReply(() => station.notify("Heartbeat", {}));
          return { status: "Accepted" };
        case "StatusNotification":
          station.afterReply(() => targets.forEach((evse) => station.reportStatus(evse)));
          return { status: "Accepted" };
        case "MeterValues":
          station.afterReply(() => targets.forEach((evse) => station.sendMeterValues(evse, "Trigger")));
          return { status: "Accepted" };
        case "TransactionEvent":
          if (transactionsOf.length === 0) return { status: "Rejected" };
          station.afterReply(() => transactionsOf.forEach((evse) => station.updateTransaction(evse, "Trigger")));
          return { status: "Accepted" };
        case "FirmwareStatusNotification":
          station.afterReply(() =>
            station.notify("FirmwareStatusNotification", {
              status: firmwareStatus === "Installed" ? "Idle" : firmwareStatus,
              ...(firmwareStatus !== "Idle" && firmwareRequestId !== undefined && { requestId: firmwareRequestId }),
            }),
          );
          return { status: "Accepted" };
        case "LogStatusNotification":
          station.afterReply(() =>
            station.notify("LogStatusNotification", {
              status: logStatus === "Uploaded" ? "Idle" : logStatus,
              ...(logStatus !== "Idle" && logRequestId !== undefined && { requestId: logRequestId }),
            }),
          );
          return { status: "Accepted" };
        default:
          return { status: "NotImplemented" };
      }
    },

    UpdateFirmware({ requestId, firmware }) {
      const startInMs = Math.max(0, Date.parse(firmware.retrieveDateTime) - Date.now());
      station.log.info(
        `firmware update from ${firmware.location} ${startInMs > 0 ? `at ${firmware.retrieveDateTime}` : "now"}`,
      );
      firmwareRequestId = requestId;
      progress(startInMs, ["Downloading", "Downloaded", "Installing", "Installed"] as const, (status) => {
        firmwareStatus = status;
        station.notify("FirmwareStatusNotification", { status, requestId });
      });
      return { status: "Accepted" };
    },

    GetLog({ requestId }) {
      const filename = `${station.identity}-log-${new Date().toISOString().replace(/[:.]/g, "-")}.log`;
      logRequestId = requestId;
      progress(0, ["Uploading", "Uploaded"] as const, (status) => {
        logStatus = status;
        station.notify("LogStatusNotification", { status, requestId });
      });
      return { status: "Accepted", filename };
    },
  };
}
