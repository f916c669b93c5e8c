import { createHash } from "node:crypto";
/** One sampled value of a meter, as a charger reported it; absent attributes are null, not their defaults. */
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
    const wh = Math.round(reading.unit === "kWh" ? value * 1000 : value);
    // Beyond 2^53 a number no longer counts single Wh (and 1e300 fits no column): kept as a reading, not as energy.
    if (!Number.isSafeInteger(wh)) continue;
    const at = reading.timestamp.getTime();
    if (!latest || at >= latest.at) latest = { at, wh };
  }
  return latest?.wh;
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
