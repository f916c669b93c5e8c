import { describe, expect, it } from "vitest";
import { FloodBackoff } from "../../src/ocpp/flood-backoff.js";

const options = { baseMs: 5_000, maxMs: 60_000, decayMs: 600_000, maxEntries: 3 };

function clocked() {
  let now = 1_000_000;
  const backoff = new FloodBackoff(options, () => now);
  return { backoff, advance: (ms: number) => (now += ms) };
}

describe("FloodBackoff", () => {
  it("accepts a charger that never flooded", () => {
    expect(clocked().backoff.retryAfterMs("CP1", "10.0.0.1")).toBe(0);
  });

  it("refuses a flooder at once for the base back-off, which runs out", () => {
    const { backoff, advance } = clocked();
    expect(backoff.offence("CP1", "10.0.0.1")).toBe(5_000);
    expect(backoff.retryAfterMs("CP1", "10.0.0.1")).toBe(5_000);
    advance(4_000);
    expect(backoff.retryAfterMs("CP1", "10.0.0.1")).toBe(1_000);
    advance(1_000);
    expect(backoff.retryAfterMs("CP1", "10.0.0.1")).toBe(0);
  });

  it("doubles the back-off with each repeated offence, up to the maximum", () => {
    const { backoff, advance } = clocked();
    const backoffs = [];
    for (let i = 0; i < 6; i++) {
      backoffs.push(backoff.offence("CP1", "10.0.0.1"));
      advance(backoffs.at(-1)!);
    }
    expect(backoffs).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000]);
  });

  it("forgives one offence per decay period without a new one", () => {
    const { backoff, advance } = clocked();
    for (let i = 0; i < 3; i++) advance(backoff.offence("CP1", "10.0.0.1"));
    advance(600_000);
    // Three offences, one forgiven: the next is the third.
    expect(backoff.offence("CP1", "10.0.0.1")).toBe(20_000);
    advance(20_000 + 3 * 600_000);
    expect(backoff.retryAfterMs("CP1", "10.0.0.1")).toBe(0);
    expect(backoff.offence("CP1", "10.0.0.1")).toBe(5_000);
  });

  it("keeps identities and addresses apart", () => {
    const { backoff } = clocked();
    backoff.offence("CP1", "10.0.0.1");
    expect(backoff.retryAfterMs("CP1", "10.0.0.2")).toBe(0);
    expect(backoff.retryAfterMs("CP2", "10.0.0.1")).toBe(0);
  });

  it("forgets the oldest offender beyond maxEntries", () => {
    const { backoff } = clocked();
    for (const id of ["A", "B", "C", "D"]) backoff.offence(id, undefined);
    expect(backoff.retryAfterMs("A", undefined)).toBe(0);
    expect(backoff.retryAfterMs("D", undefined)).toBe(5_000);
  });
});
