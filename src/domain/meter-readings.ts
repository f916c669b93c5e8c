import type { MeterValuesRequest } from "../generated/ocpp-types.js";

type MeterValue = MeterValuesRequest["meterValue"][number];
type SampledValue = MeterValue["sampledValue"][number];

export type MeterReading = {
  timestamp: Date;
  value: string;
  context: string | null;
  format: string | null;
  measurand: string | null;
  phase: string | null;
  location: string | null;
  unit: string | null;
};

/** Flattens OCPP MeterValue groups into one reading per sampled value. */
export function toMeterReadings(meterValues: MeterValue[]): MeterReading[] {
  return meterValues.flatMap((group) =>
    group.sampledValue.map((sample: SampledValue) => ({
      timestamp: new Date(group.timestamp),
      value: sample.value,
      context: sample.context ?? null,
      format: sample.format ?? null,
      measurand: sample.measurand ?? null,
      phase: sample.phase ?? null,
      location: sample.location ?? null,
      unit: sample.unit ?? null,
    })),
  );
}

/**
 * The latest total imported energy register in Wh, if the readings carry one. OCPP's default measurand is
 * Energy.Active.Import.Register and its default unit Wh; signed data cannot be read here and is skipped.
 */
export function latestEnergyRegisterWh(readings: MeterReading[]): number | undefined {
  let latest: { at: number; wh: number } | undefined;
  for (const reading of readings) {
    const measurand = reading.measurand ?? "Energy.Active.Import.Register";
    if (measurand !== "Energy.Active.Import.Register" || reading.format === "SignedData" || reading.phase) continue;
    const value = Number(reading.value);
    if (!Number.isFinite(value)) continue;
    const wh = reading.unit === "kWh" ? value * 1000 : value;
    const at = reading.timestamp.getTime();
    if (!latest || at >= latest.at) latest = { at, wh: Math.round(wh) };
  }
  return latest?.wh;
}
