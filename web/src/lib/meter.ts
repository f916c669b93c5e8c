export type MeterSample = {
  timestamp: string;
  measurand?: string | null;
  phase?: string | null;
  unit?: string | null;
  value: string;
};

export type Point = { t: number; v: number };

export type SessionSeries = {
  /** Energy delivered since the start of the session, kWh. */
  energy: Point[];
  /** Active power, kW: reported Power.Active.Import, or derived from the energy readings when none was sent. */
  power: Point[];
  powerDerived: boolean;
};

const ENERGY = "Energy.Active.Import.Register";
const POWER = "Power.Active.Import";

function toWh(value: number, unit: string | null | undefined): number {
  return unit === "kWh" ? value * 1000 : value;
}

function toKW(value: number, unit: string | null | undefined): number {
  return unit === "kW" ? value : value / 1000;
}

/** Sums per-phase samples taken at the same moment when no total was reported. */
function byTimestamp(
  samples: MeterSample[],
  convert: (value: number, unit: string | null | undefined) => number,
): Point[] {
  const totals = new Map<number, { total?: number; phases: number }>();
  for (const sample of samples) {
    const value = Number(sample.value);
    if (!Number.isFinite(value)) continue;
    const t = new Date(sample.timestamp).getTime();
    const entry = totals.get(t) ?? { phases: 0 };
    if (!sample.phase || sample.phase === "N") {
      if (!sample.phase) entry.total = convert(value, sample.unit);
    } else if (!sample.phase.includes("-")) {
      entry.phases += convert(value, sample.unit);
    }
    totals.set(t, entry);
  }
  return [...totals.entries()].map(([t, entry]) => ({ t, v: entry.total ?? entry.phases })).sort((a, b) => a.t - b.t);
}

/** Turns a session's meter values into energy and power series for a chart. */
export function sessionSeries(
  samples: readonly MeterSample[],
  session: { meterStart: number | null; startedAt: string; stoppedAt?: string | null; meterStop?: number | null },
): SessionSeries {
  const start = new Date(session.startedAt).getTime();
  const registers = byTimestamp(
    samples.filter((s) => (s.measurand ?? ENERGY) === ENERGY),
    toWh,
  );
  // A session that has no start reading yet counts from its earliest register reading.
  const base = session.meterStart ?? registers[0]?.v ?? 0;
  const energyReadings = registers.map(({ t, v }) => ({ t, v: Math.max(0, (v - base) / 1000) }));
  const energy: Point[] = [{ t: start, v: 0 }, ...energyReadings.filter((p) => p.t > start)];
  if (session.stoppedAt && session.meterStop != null) {
    const stop = new Date(session.stoppedAt).getTime();
    if (stop >= (energy.at(-1)?.t ?? start))
      energy.push({ t: stop, v: Math.max(0, (session.meterStop - base) / 1000) });
  }

  const reported = byTimestamp(
    samples.filter((s) => s.measurand === POWER),
    toKW,
  );
  if (reported.length > 0) return { energy, power: reported, powerDerived: false };

  const power: Point[] = [];
  for (let i = 1; i < energy.length; i++) {
    const previous = energy[i - 1]!;
    const current = energy[i]!;
    const hours = (current.t - previous.t) / 3_600_000;
    if (hours > 0) power.push({ t: current.t, v: Math.max(0, (current.v - previous.v) / hours) });
  }
  return { energy, power, powerDerived: true };
}
