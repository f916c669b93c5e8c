import type { Database } from "../db/client.js";
import type { Reservation } from "../generated/prisma/client.js";
import type { ChargePointCommands } from "./charge-point-commands.js";
import { CommandRejectedError } from "./errors.js";

/** ReserveNow and CancelReservation; reservations are kept with their expiry and what became of them. */
export class ReservationService {
  constructor(
    private readonly db: Database,
    private readonly commands: ChargePointCommands,
  ) {}

  /** The reservation row is created first: its id is the reservationId the charger receives. */
  async reserveNow(
    chargePointId: string,
    request: { connectorId: number; idTag: string; expiryDate: Date; parentIdTag?: string | null },
  ): Promise<Reservation> {
    if (request.expiryDate.getTime() <= Date.now()) throw new CommandRejectedError("expiryDate must be in the future");
    const ocppRequest = {
      connectorId: request.connectorId,
      expiryDate: request.expiryDate.toISOString(),
      idTag: request.idTag,
      ...(request.parentIdTag ? { parentIdTag: request.parentIdTag } : {}),
    };
    // The row is only worth creating for a request the charger can receive.
    await this.commands.assertSendable(chargePointId, "ReserveNow", { ...ocppRequest, reservationId: 0 });
    const reservation = await this.db.reservation.create({
      data: {
        chargePointId,
        connectorId: request.connectorId,
        idTag: request.idTag,
        parentIdTag: request.parentIdTag ?? null,
        expiryDate: request.expiryDate,
      },
    });
    try {
      const answer = await this.commands.send(chargePointId, "ReserveNow", {
        ...ocppRequest,
        reservationId: reservation.reservationId,
      });
      return await this.db.reservation.update({
        where: { reservationId: reservation.reservationId },
        data: { status: answer.status },
      });
    } catch (error) {
      // The charger never confirmed it: keep the row for the record, but it reserves nothing.
      await this.db.reservation.update({
        where: { reservationId: reservation.reservationId },
        data: { status: "Rejected" },
      });
      throw error;
    }
  }

  /**
   * Sent whether or not we know the reservation (the charger may hold one we lost track of); the charger decides.
   * Our record of this charge point's reservation follows only an Accepted answer.
   */
  async cancelReservation(chargePointId: string, reservationId: number) {
    const answer = await this.commands.send(chargePointId, "CancelReservation", { reservationId });
    if (answer.status === "Accepted") {
      await this.db.reservation.updateMany({ where: { reservationId, chargePointId }, data: { status: "Cancelled" } });
    }
    return answer;
  }

  /** Accepted reservations whose expiry has passed are released. */
  async expireOverdue(now = new Date()): Promise<number> {
    const { count } = await this.db.reservation.updateMany({
      where: { status: "Accepted", expiryDate: { lte: now } },
      data: { status: "Expired" },
    });
    return count;
  }
}
