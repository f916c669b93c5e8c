import type { Transaction } from "../../generated/prisma/client.js";

/** Energy delivered so far: from the stop reading when stopped, else from the latest register reading. */
export function energyDeliveredWh(transaction: Pick<Transaction, "meterStart" | "meterStop" | "lastMeterWh">): number {
  const latest = transaction.meterStop ?? transaction.lastMeterWh;
  const start = transaction.meterStart;
  // Subtracted as 64-bit integers: exact, and a number again (exact up to 2^53 Wh) only for the result.
  return latest === null || start === null || latest < start ? 0 : Number(latest - start);
}

/**
 * Whether a stop still changes the transaction: a repeated stop of a finished one changes nothing, but one the
 * central system closed still takes the charger's late stop (its meter reading is what the session is billed by).
 */
export function takesStop(transaction: Pick<Transaction, "stoppedAt" | "status">): boolean {
  return transaction.stoppedAt === null || transaction.status === "Closed";
}
