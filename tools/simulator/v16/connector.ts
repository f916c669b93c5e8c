import type {
  ChangeAvailabilityRequest,
  ReserveNowRequest,
  StatusNotificationRequest,
} from "../../../src/generated/ocpp-types.js";
import { EnergyMeter } from "../meter.js";
import type { Timer } from "../timers.js";

export type ChargePointStatus = StatusNotificationRequest["status"];
export type Availability = ChangeAvailabilityRequest["type"];

/** A session as the charge point knows it; transactionId arrives with the StartTransaction answer, maybe much later. */
export type LocalTransaction = {
  connectorId: number;
  idTag: string;
  meterStart: number;
  startedAt: Date;
  reservationId?: number;
  transactionId?: number;
};

export type Reservation = { request: ReserveNowRequest; expiry: Timer };

/** One connector (0: the charge point as a whole): its status, availability, session, reservation and meter. */
export class Connector {
  status: ChargePointStatus = "Available";
  availability: Availability = "Operative";
  /** An Inoperative change that waits for the running session to end. */
  scheduledAvailability: Availability | undefined;
  transaction: LocalTransaction | undefined;
  reservation: Reservation | undefined;
  /** The MeterValues timer while charging. */
  sampling: Timer | undefined;
  readonly meter: EnergyMeter;

  constructor(
    readonly connectorId: number,
    maxPowerW: number,
  ) {
    this.meter = new EnergyMeter(maxPowerW);
  }

  /** Whether a session for idTag may start here: an operative outlet, not busy, not reserved for someone else. */
  canStartFor(idTag: string): boolean {
    if (this.connectorId === 0 || this.availability === "Inoperative" || this.transaction) return false;
    if (this.status === "Faulted") return false;
    return !this.reservation || this.reservation.request.idTag === idTag;
  }

  /** The status without a session: Unavailable, Reserved or Available. */
  idleStatus(): ChargePointStatus {
    if (this.availability === "Inoperative") return "Unavailable";
    return this.reservation ? "Reserved" : "Available";
  }
}
