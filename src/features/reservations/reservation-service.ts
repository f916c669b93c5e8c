import type { CommandAnswer } from "../command-answer.js";
import type { ReservationStore } from "../../db/stores/reservations.js";
import type { Reservation } from "../../generated/prisma/client.js";
import { CommandRejectedError } from "../errors.js";

/** A reservation that has expired already would reserve nothing: it is not sent. */
export function assertReservable(expiryDate: Date, now = new Date()): void {
  if (expiryDate.getTime() <= now.getTime()) throw new CommandRejectedError("expiryDate must be in the future");
}

/** A reservation as a charger receives it. */
export type ReservationRequest = {
  reservationId: number;
  connectorId: number;
  idTag: string;
  parentIdTag: string | null;
  expiryDate: Date;
};

/** The charger's answer to a reservation. */
export type ReservationAnswer = "Accepted" | "Faulted" | "Occupied" | "Rejected" | "Unavailable";

/** How a reservation ended that no session used, as the charger reports it. */
export type UnusedReservationEnd = "Expired" | "Cancelled";

/** What reservations need to tell a charger, in any protocol version. */
export type ReservationCommands = {
  /** Throws what reserve() would fail with before sending: an invalid request, or a charger that is not connected. */
  assertCanReserve(chargePointId: string, reservation: ReservationRequest): Promise<void>;
  reserve(chargePointId: string, reservation: ReservationRequest): Promise<{ status: ReservationAnswer }>;
  cancel(chargePointId: string, reservationId: number): Promise<CommandAnswer>;
};

/** Reserving and cancelling; reservations are kept with their expiry and what became of them. */
export class ReservationService {
  constructor(
    private readonly store: ReservationStore,
    private readonly commands: ReservationCommands,
  ) {}

  /** The reservation row is created first: its id is the reservationId the charger receives. */
  async reserveNow(
    chargePointId: string,
    request: { connectorId: number; idTag: string; expiryDate: Date; parentIdTag?: string | null },
  ): Promise<Reservation> {
    assertReservable(request.expiryDate);
    const details = {
      connectorId: request.connectorId,
      idTag: request.idTag,
      parentIdTag: request.parentIdTag ?? null,
      expiryDate: request.expiryDate,
    };
    // The row is only worth creating for a request the charger can receive.
    await this.commands.assertCanReserve(chargePointId, { ...details, reservationId: 0 });
    const reservation = await this.store.create({ chargePointId, ...details });
    const { reservationId } = reservation;
    try {
      const answer = await this.commands.reserve(chargePointId, { ...details, reservationId });
      return await this.store.setStatus(reservationId, answer.status);
    } catch (error) {
      // The charger never confirmed it: keep the row for the record, but it reserves nothing.
      await this.store.setStatus(reservationId, "Rejected");
      throw error;
    }
  }

  /**
   * Sent whether or not we know the reservation (the charger may hold one we lost track of); the charger decides.
   * Our record of this charge point's reservation follows only an Accepted answer.
   */
  async cancelReservation(chargePointId: string, reservationId: number): Promise<CommandAnswer> {
    const answer = await this.commands.cancel(chargePointId, reservationId);
    if (answer.status === "Accepted") await this.store.cancel(chargePointId, reservationId);
    return answer;
  }

  /**
   * The charger ended one of its reservations without a session. Only a reservation still Accepted changes: one that a
   * session used, that we cancelled or that expired here already keeps what became of it. Returns whether it changed.
   */
  endedUnused(chargePointId: string, reservationId: number, end: UnusedReservationEnd): Promise<boolean> {
    return this.store.endAccepted(chargePointId, reservationId, end);
  }

  /** Accepted reservations whose expiry has passed are released. */
  expireOverdue(now = new Date()): Promise<number> {
    return this.store.expireOverdue(now);
  }
}
