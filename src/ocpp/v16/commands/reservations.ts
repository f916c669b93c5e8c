import type { ChargePointCommands } from "../../charge-point-commands.js";
import type { ReservationCommands, ReservationRequest } from "../../../features/reservations/reservation-service.js";
import type { ReserveNowRequest } from "../../../generated/ocpp-types.js";

const reserveNow = (reservation: ReservationRequest): ReserveNowRequest => ({
  connectorId: reservation.connectorId,
  expiryDate: reservation.expiryDate.toISOString(),
  idTag: reservation.idTag,
  reservationId: reservation.reservationId,
  ...(reservation.parentIdTag ? { parentIdTag: reservation.parentIdTag } : {}),
});

/** Reservations in OCPP 1.6 messages. */
export function reservationCommands(chargePoints: ChargePointCommands): ReservationCommands {
  return {
    assertCanReserve: async (chargePointId, reservation) =>
      chargePoints.assertSendable(chargePointId, "ReserveNow", reserveNow(reservation)),
    reserve: (chargePointId, reservation) => chargePoints.send(chargePointId, "ReserveNow", reserveNow(reservation)),
    cancel: (chargePointId, reservationId) => chargePoints.send(chargePointId, "CancelReservation", { reservationId }),
  };
}
