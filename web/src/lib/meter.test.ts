import { describe, expect, it } from "vitest";
import { niceTicks } from "../components/EnergyChart";
import { formatAgo, formatDuration, formatKWh, fromLocalInput, localMidnight, toLocalInput } from "./format";
import { sessionSeries } from "./meter";

describe("session series from meter values", () => {
  const startedAt = "2026-11-25T10:00:00.000Z";
  const at = (minutes: number) => new Date(Date.parse(startedAt) + minutes * 60_000).toISOString();

  it("turns register readings into delivered kWh and uses reported power", () => {
    const series = sessionSeries(
      [
        { timestamp: at(10), measurand: "Energy.Active.Import.Register", unit: "Wh", value: "11000" },
        { timestamp: at(10), measurand: "Power.Active.Import", unit: "W", value: "6000" },
        { timestamp: at(20), measurand: null, unit: "kWh", value: "12.5" },
        { timestamp: at(20), measurand: "Power.Active.Import", unit: "kW", value: "9" },
        { timestamp: at(20), measurand: "Current.Import", unit: "A", value: "16" },
      ],
      { meterStart: 10_000, startedAt },
    );
    expect(series.energy.map((p) => p.v)).toEqual([0, 1, 2.5]);
    expect(series.power.map((p) => p.v)).toEqual([6, 9]);
    expect(series.powerDerived).toBe(false);
  });

  it("derives power from energy when the charger reports none, and ends at the stop reading", () => {
    const series = sessionSeries([{ timestamp: at(30), value: "11000" }], {
      meterStart: 10_000,
      startedAt,
      stoppedAt: at(60),
      meterStop: 13_000,
    });
    expect(series.energy.map((p) => p.v)).toEqual([0, 1, 3]);
    expect(series.power.map((p) => p.v)).toEqual([2, 4]);
    expect(series.powerDerived).toBe(true);
  });

  it("sums per-phase power when no total is reported", () => {
    const series = sessionSeries(
      ["L1", "L2", "L3"].map((phase) => ({
        timestamp: at(5),
        measurand: "Power.Active.Import",
        phase,
        unit: "W",
        value: "2000",
      })),
      { meterStart: 0, startedAt },
    );
    expect(series.power).toEqual([{ t: Date.parse(at(5)), v: 6 }]);
  });
});

describe("formatting", () => {
  it("keeps numbers steady", () => {
    expect(formatKWh(7183)).toBe("7.183 kWh");
    expect(formatKWh(26_100, 1)).toBe("26.1 kWh");
    expect(formatDuration(48 * 60_000 + 4000)).toBe("48:04");
    expect(formatDuration(3_723_000)).toBe("1:02:03");
  });

  it("says how long ago", () => {
    const now = Date.parse("2026-11-25T12:00:00Z");
    expect(formatAgo(null, now)).toBe("never");
    expect(formatAgo("2026-11-25T11:59:58Z", now)).toBe("just now");
    expect(formatAgo("2026-11-25T11:59:15Z", now)).toBe("45 s ago");
    expect(formatAgo("2026-11-25T11:57:00Z", now)).toBe("3 min ago");
  });

  it("computes local midnight and round-trips datetime-local values", () => {
    const midnight = new Date(localMidnight(new Date(2026, 10, 25, 15, 30)));
    expect([
      midnight.getFullYear(),
      midnight.getMonth(),
      midnight.getDate(),
      midnight.getHours(),
      midnight.getMinutes(),
    ]).toEqual([2026, 10, 25, 0, 0]);
    const iso = new Date(2027, 11, 31, 23, 59).toISOString();
    expect(toLocalInput(iso)).toBe("2027-12-31T23:59");
    expect(fromLocalInput("2027-12-31T23:59")).toBe(iso);
    expect(fromLocalInput("")).toBeUndefined();
  });

  it("chooses round chart ticks", () => {
    expect(niceTicks(7.2)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(11)).toEqual([0, 5, 10, 15]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});
