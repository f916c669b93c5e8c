import { describe, expect, it } from "vitest";
import { energyDeliveredWh, takesStop } from "../../../src/features/transactions/transaction-rules.js";

const session = (meterStart: bigint, meterStop: bigint | null, lastMeterWh: bigint | null) => ({
  meterStart,
  meterStop,
  lastMeterWh,
});

describe("energy delivered", () => {
  it("is the stop reading less the start reading once stopped", () => {
    expect(energyDeliveredWh(session(1_000n, 8_500n, 8_000n))).toBe(7_500);
  });

  it("is the latest register reading less the start reading while charging", () => {
    expect(energyDeliveredWh(session(1_000n, null, 4_200n))).toBe(3_200);
  });

  it("is zero before any reading arrived", () => {
    expect(energyDeliveredWh(session(1_000n, null, null))).toBe(0);
  });

  it("is zero, never negative, when a meter reads below its start (a replaced or reset meter)", () => {
    expect(energyDeliveredWh(session(5_000n, 4_000n, null))).toBe(0);
    expect(energyDeliveredWh(session(5_000n, null, 10n))).toBe(0);
  });

  it("is exact for 64-bit meter readings far beyond what a double counts in single Wh", () => {
    const start = 9_007_199_254_740_993n; // 2^53 + 1: no number holds it
    expect(energyDeliveredWh(session(start, start + 12_345n, null))).toBe(12_345);
  });
});

describe("a stop", () => {
  it("changes a running transaction", () => {
    expect(takesStop({ stoppedAt: null, status: "Active" })).toBe(true);
  });

  it("changes a transaction the central system closed: the charger's reading is what the session is billed by", () => {
    expect(takesStop({ stoppedAt: new Date(), status: "Closed" })).toBe(true);
  });

  it("repeated for a stopped transaction changes nothing", () => {
    expect(takesStop({ stoppedAt: new Date(), status: "Stopped" })).toBe(false);
    expect(takesStop({ stoppedAt: new Date(), status: "Refused" })).toBe(false);
  });
});
