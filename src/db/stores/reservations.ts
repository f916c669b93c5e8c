import type { Database } from "../client.js";
import type { Reservation } from "../../generated/prisma/client.js";

/** A reservation as the central system asks for it, before the charger answered. */
export type NewReservation = {
  chargePointId: string;
  connectorId: number;
  idTag: string;
  parentIdTag: string | null;
  expiryDate: Date;
};

/**
 * The UPDATE, for the WITH list of the statement that stores a start, by which a transaction started on a
 * reservation consumes it (the charger has ended the reservation either way). It lives here, with the reservations
 * table's other writes, and runs in the start's statement so that both are stored or neither. The arguments are the
 * SQL expressions of the statement's own parameters; `inserted` names the CTE that says whether the start was stored.
 */
export const consumeReservationOnStart = (sql: {
  reservationId: string;
  chargePointId: string;
  transactionId: string;
  startedAt: string;
  inserted: string;
}) => `UPDATE reservations SET status = 'Used', transaction_id = ${sql.transactionId}, updated_at = now()
         WHERE reservation_id = ${sql.reservationId} AND charge_point_id = ${sql.chargePointId}
           AND status = 'Accepted' AND expiry_date > ${sql.startedAt} AND EXISTS (SELECT 1 FROM ${sql.inserted})`;

/** The only writer of the reservations table (the start of a transaction consumes one through the SQL above). */
export class ReservationStore {
  constructor(private readonly db: Database) {}

  /** A new row, Pending: its id is the reservationId the charger receives. */
  create(reservation: NewReservation): Promise<Reservation> {
    return this.db.reservation.create({ data: reservation });
  }

  /** The charger's answer to the reservation, or Rejected when it never confirmed it. */
  setStatus(reservationId: number, status: Reservation["status"]): Promise<Reservation> {
    return this.db.reservation.update({ where: { reservationId }, data: { status } });
  }

  /** This charge point's reservation with that id, if it has one, is Cancelled. */
  async cancel(chargePointId: string, reservationId: number): Promise<void> {
    await this.db.reservation.updateMany({ where: { reservationId, chargePointId }, data: { status: "Cancelled" } });
  }

  /** This charge point's reservation with that id, if it is Accepted, takes `status`; returns whether it did. */
  async endAccepted(chargePointId: string, reservationId: number, status: "Expired" | "Cancelled"): Promise<boolean> {
    const { count } = await this.db.reservation.updateMany({
      where: { reservationId, chargePointId, status: "Accepted" },
      data: { status },
    });
    return count > 0;
  }

  /** Accepted reservations whose expiry has passed become Expired; returns how many. */
  async expireOverdue(now: Date): Promise<number> {
    const { count } = await this.db.reservation.updateMany({
      where: { status: "Accepted", expiryDate: { lte: now } },
      data: { status: "Expired" },
    });
    return count;
  }
}
