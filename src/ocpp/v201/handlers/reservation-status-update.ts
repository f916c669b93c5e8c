import type { ActionHandler201, Handler201Dependencies } from "./types.js";

/**
 * The station ended a reservation that no session used. Expired is our Expired; Removed (the station dropped it for
 * its own reasons) ended it before its time and not through a session, which is what Cancelled records.
 * A reservation this CSMS does not hold as Accepted is left as it is, and the message is answered all the same.
 */
export const handleReservationStatusUpdate =
  ({ reservations }: Handler201Dependencies): ActionHandler201<"ReservationStatusUpdate"> =>
  async ({ reservationId, reservationUpdateStatus }, { chargePointId }) => {
    await reservations.endedUnused(
      chargePointId,
      reservationId,
      reservationUpdateStatus === "Expired" ? "Expired" : "Cancelled",
    );
    return {};
  };
