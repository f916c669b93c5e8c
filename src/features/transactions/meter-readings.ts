import { createHash } from "node:crypto";

/**
 * One sampled value of a meter, as a charger reported it. A null attribute was absent and reads as OCPP's default
 * (an energy register, in Wh, sampled periodically); an adapter may write the defaults out. The value is the
 * quantity itself: a protocol that scales values (a unit multiplier) has them scaled by its adapter.
 */
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

/**
 * The reading as a total imported energy register in Wh, if it is one. OCPP's default measurand is
 * Energy.Active.Import.Register and its default unit Wh; signed data cannot be read here and is skipped.
 */
export function energyRegisterWh(reading: MeterReading): number | undefined {
  const measurand = reading.measurand ?? "Energy.Active.Import.Register";
  if (measurand !== "Energy.Active.Import.Register" || reading.format === "SignedData" || reading.phase) return;
  const value = Number(reading.value);
  if (!Number.isFinite(value)) return;
  const wh = Math.round(reading.unit === "kWh" ? value * 1000 : value);
  // Beyond 2^53 a number no longer counts single Wh (and 1e300 fits no column): kept as a reading, not as energy.
  return Number.isSafeInteger(wh) ? wh : undefined;
}

/** The latest total imported energy register in Wh, if the readings carry one (see energyRegisterWh). */
export function latestEnergyRegisterWh(readings: MeterReading[]): number | undefined {
  return energyRegisterBounds(readings).latestWh;
}

/**
 * The earliest and the latest total imported energy register among the readings, in Wh (see energyRegisterWh): a
 * session's start and latest meter when its readings arrive out of order. Of readings at the same instant, the
 * earliest is the first given and the latest the last given.
 */
export function energyRegisterBounds(readings: MeterReading[]): { earliestWh?: number; latestWh?: number } {
  let earliest: { at: number; wh: number } | undefined;
  let latest: { at: number; wh: number } | undefined;
  for (const reading of readings) {
    const wh = energyRegisterWh(reading);
    if (wh === undefined) continue;
    const at = reading.timestamp.getTime();
    if (!earliest || at < earliest.at) earliest = { at, wh };
    if (!latest || at >= latest.at) latest = { at, wh };
  }
  return { earliestWh: earliest?.wh, latestWh: latest?.wh };
}

/** Who reported a reading: the station, its EVSE and connector, and the transaction the message named. */
export type ReadingOwner = {
  chargePointId: string;
  evseId: number | null;
  connectorId: number | null;
  transactionId: number | null;
};

/**
 * What identifies one sample: a reading with the same owner, time and fields is the same sample sent again (a
 * MeterValues retransmitted after a lost answer), and the database stores it once. 128 bits of SHA-256 as a uuid.
 */
export function sampleKey(owner: ReadingOwner, reading: MeterReading): string {
  const identity = JSON.stringify([
    owner.chargePointId,
    owner.connectorId,
    owner.transactionId,
    reading.timestamp.getTime(),
    reading.value,
    reading.context,
    reading.format,
    reading.measurand,
    reading.phase,
    reading.location,
    reading.unit,
    // Only where it says more than the connector (2.0.1): the keys of samples stored before EVSEs stay the same.
    ...(owner.evseId === owner.connectorId ? [] : [owner.evseId]),
  ]);
  const hex = createHash("sha256").update(identity).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
