export type ChargingRateUnit = "A" | "W";

// Three-phase 230 V: what a current limit means in watts, and back.
const WATTS_PER_AMPERE = 3 * 230;

// Converted limits are whole numbers: the schema wants steps of 0.1, which a float product cannot promise.
export function convertLimit(limit: number, from: ChargingRateUnit, to: ChargingRateUnit): number {
  if (from === to) return limit;
  return Math.round(to === "W" ? limit * WATTS_PER_AMPERE : limit / WATTS_PER_AMPERE);
}
