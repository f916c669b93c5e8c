import type { OcppErrorCode } from "../errors.js";

export type RegistrationStatus = "Accepted" | "Pending" | "Rejected";

/**
 * What a Pending station may send: its boot, the reports and variables the CSMS asks it for while it is held
 * (B02: a Pending station may only be asked for reports and variables), and what a TriggerMessage asks for.
 */
const ADMITTED_WHILE_PENDING: ReadonlySet<string> = new Set([
  "BootNotification",
  "NotifyReport",
  "NotifyMonitoringReport",
  "Heartbeat",
  "StatusNotification",
]);

/**
 * How each connected 2.0.1 station's last boot was answered, so that a station that was not accepted is held to
 * what the specification lets it send (B02/B03: anything else gets a SecurityError). Loaded when it connects (a
 * station does not boot again after a mere reconnect), changed by its boots; kept in memory, since every CALL asks.
 */
export class RegistrationGate {
  private readonly statuses = new Map<string, RegistrationStatus | null>();

  /** The station connected: what its stored registration says (null: it never booted, nothing is held back). */
  connected(chargePointId: string, status: RegistrationStatus | null): void {
    this.statuses.set(chargePointId, status);
  }

  disconnected(chargePointId: string): void {
    this.statuses.delete(chargePointId);
  }

  booted(chargePointId: string, status: RegistrationStatus): void {
    this.statuses.set(chargePointId, status);
  }

  statusOf(chargePointId: string): RegistrationStatus | null {
    return this.statuses.get(chargePointId) ?? null;
  }

  /** The CALLERROR code a CALL gets before its station is accepted; undefined when it may be handled. */
  admits = (chargePointId: string, action: string): OcppErrorCode | undefined => {
    const status = this.statuses.get(chargePointId) ?? null;
    if (status === null || status === "Accepted" || action === "BootNotification") return undefined;
    if (status === "Pending" && ADMITTED_WHILE_PENDING.has(action)) return undefined;
    return "SecurityError";
  };
}
