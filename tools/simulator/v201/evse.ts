import type {
  ConnectorStatusEnumType,
  IdTokenType,
  OperationalStatusEnumType,
  ReserveNowRequest,
} from "../../../src/generated/ocpp201-types.js";
import { EnergyMeter } from "../meter.js";
import type { Timer } from "../timers.js";

export type ConnectorStatus = ConnectorStatusEnumType;
export type OperationalStatus = OperationalStatusEnumType;

/**
 * A session as the station knows it. Unlike 1.6, the station names it (a UUID) and numbers its events: the CSMS
 * orders them by seqNo, which increases by one with every TransactionEvent of the transaction.
 */
export type LocalTransaction = {
  transactionId: string;
  evseId: number;
  connectorId: number;
  /** Absent while the session runs without authorization. */
  idToken?: IdTokenType;
  startedAt: Date;
  /** The energy register when it started, in Wh. */
  meterStartWh: number;
  /** The seqNo of the next TransactionEvent. */
  nextSeqNo: number;
  remoteStartId?: number;
  reservationId?: number;
};

export type Reservation = { request: ReserveNowRequest; expiry: Timer };

/** The one connector each simulated EVSE has. */
export const CONNECTOR_ID = 1;

/** One EVSE with its single connector: status, availability, session, reservation and meter. */
export class Evse {
  status: ConnectorStatus = "Available";
  availability: OperationalStatus = "Operative";
  /** An Inoperative change that waits for the running session to end. */
  scheduledAvailability: OperationalStatus | undefined;
  transaction: LocalTransaction | undefined;
  reservation: Reservation | undefined;
  /** The TransactionEvent Updated timer while charging. */
  sampling: Timer | undefined;
  readonly meter: EnergyMeter;
  readonly connectorId = CONNECTOR_ID;

  constructor(
    readonly id: number,
    maxPowerW: number,
  ) {
    this.meter = new EnergyMeter(maxPowerW);
  }

  /** Whether a session for idToken may start here: operative, not busy, not reserved for another token. */
  canStartFor(idToken: string): boolean {
    if (this.availability === "Inoperative" || this.transaction || this.status === "Faulted") return false;
    return !this.reservation || sameToken(this.reservation.request.idToken.idToken, idToken);
  }

  /** The status without a session: Unavailable, Reserved or Available. */
  idleStatus(): ConnectorStatus {
    if (this.availability === "Inoperative") return "Unavailable";
    return this.reservation ? "Reserved" : "Available";
  }
}

/** IdTokens are case-insensitive (2.0.1 IdTokenType). */
export const sameToken = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
