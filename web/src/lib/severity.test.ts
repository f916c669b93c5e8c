import { describe, expect, it } from "vitest";
import { passesEventFilter, severityName, severityTone } from "./severity";

describe("event severity", () => {
  it("grades 0 (Danger) as the worst and 9 (Debug) as the calmest", () => {
    expect([0, 3, 4, 6, 7, 9, null].map(severityTone)).toEqual([
      "error",
      "error",
      "warn",
      "warn",
      "info",
      "muted",
      "muted",
    ]);
    expect(severityName(1)).toBe("Hardware failure");
    expect(severityName(null)).toBe("No severity");
  });

  it("filters live events as the server filters the list: by kind, and at least as severe", () => {
    const security = { kind: "Security", severity: 0 };
    const notice = { kind: "Notification", severity: 7 };
    const unrated = { kind: "Security", severity: null };
    expect([security, notice, unrated].filter((e) => passesEventFilter(e, {}))).toHaveLength(3);
    expect([security, notice, unrated].filter((e) => passesEventFilter(e, { kind: "Security" }))).toEqual([
      security,
      unrated,
    ]);
    expect([security, notice, unrated].filter((e) => passesEventFilter(e, { minSeverity: 4 }))).toEqual([security]);
  });
});
