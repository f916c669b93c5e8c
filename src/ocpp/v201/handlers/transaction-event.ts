import type { SessionEvent } from "../../../features/transactions/session-rules.js";
import type { TransactionEventRequest, TransactionEventResponse } from "../../../generated/ocpp201-types.js";
import { parseOcppDateTime } from "../../date-time.js";
import { idTokenInfo, NO_AUTHORIZATION } from "./id-token-info.js";
import { toMeterReadings } from "./sampled-values.js";
import type { ActionHandler201, Handler201Dependencies } from "./types.js";

/** The event as the session event the transactions feature records. */
export function toSessionEvent(request: TransactionEventRequest): SessionEvent {
  const { transactionInfo, idToken, evse } = request;
  return {
    stationTransactionId: transactionInfo.transactionId,
    seqNo: request.seqNo,
    kind: request.eventType,
    trigger: request.triggerReason,
    at: parseOcppDateTime(request.timestamp),
    offline: request.offline ?? false,
    evseId: evse?.id ?? null,
    connectorId: evse?.connectorId ?? null,
    token: idToken ? { idTag: idToken.type === NO_AUTHORIZATION ? null : idToken.idToken, type: idToken.type } : null,
    tokenStops: request.triggerReason === "StopAuthorized",
    chargingState: transactionInfo.chargingState ?? null,
    // OCPP 2.0.1: an Ended event without a stoppedReason ended Local.
    stopReason: request.eventType === "Ended" ? (transactionInfo.stoppedReason ?? "Local") : null,
    reservationId: request.reservationId ?? null,
    readings: toMeterReadings(request.meterValue ?? []),
  };
}

/**
 * Started, Updated and Ended, in whatever order and as often as the station sends them (see recordSessionEvent).
 * idTokenInfo answers an event that carried an idToken, as the specification requires, and only such an event.
 */
export const handleTransactionEvent =
  ({ transactions }: Handler201Dependencies): ActionHandler201<"TransactionEvent"> =>
  async (request, { chargePointId, frame }) => {
    const { answer } = await transactions.recordSessionEvent(
      chargePointId,
      toSessionEvent(request),
      (authorization): TransactionEventResponse => (authorization ? { idTokenInfo: idTokenInfo(authorization) } : {}),
      frame,
    );
    return answer;
  };
