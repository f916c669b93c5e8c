import type { MeterReading } from "../../../features/transactions/meter-readings.js";
import type { MeterValueType } from "../../../generated/ocpp201-types.js";
import { parseOcppDateTime } from "../../date-time.js";

/**
 * Flattens 2.0.1 MeterValue groups into one reading per sampled value, with 2.0.1's defaults written out (an energy
 * register in Wh, a periodic sample) and the unit's multiplier applied to the value: a reading stands on its own,
 * whichever version sent it.
 */
export function toMeterReadings(meterValues: MeterValueType[]): MeterReading[] {
  return meterValues.flatMap((group) =>
    group.sampledValue.map((sample) => ({
      timestamp: parseOcppDateTime(group.timestamp),
      value: scaledDecimal(sample.value, sample.unitOfMeasure?.multiplier ?? 0),
      context: sample.context ?? "Sample.Periodic",
      format: null,
      measurand: sample.measurand ?? "Energy.Active.Import.Register",
      phase: sample.phase ?? null,
      location: sample.location ?? null,
      unit: sample.unitOfMeasure?.unit ?? "Wh",
    })),
  );
}

/** Past 10^400 (a double ends at 10^308) a value is no quantity a meter measures. */
const MAX_PLAIN_DIGITS = 400;

/**
 * value × 10^multiplier as decimal text, exact: the decimal point of the number's own shortest text is moved, so
 * 12.3 with multiplier 3 is "12300", not 12300.000000000002.
 */
export function scaledDecimal(value: number, multiplier: number): string {
  // A JSON number's shortest text: digits, maybe a point, maybe an exponent ("1.5e-7", "1e+21").
  const [mantissa = "", exponent = "0"] = String(value).split("e");
  const sign = mantissa.startsWith("-") ? "-" : "";
  const [whole = "", fraction = ""] = mantissa.slice(sign.length).split(".");
  const digits = `${whole}${fraction}`;
  // Where the decimal point falls in the digits once moved; padded with zeros when it falls outside them.
  const point = whole.length + Number(exponent) + multiplier;
  // The schema bounds no multiplier: beyond what a double can hold, the exact value stays in exponent form rather
  // than as a string of a million zeros.
  if (Math.abs(point) > MAX_PLAIN_DIGITS) {
    return `${sign}${whole}${fraction ? `.${fraction}` : ""}e${Number(exponent) + multiplier}`;
  }
  const padded =
    point <= 0 ? `${"0".repeat(1 - point)}${digits}` : `${digits}${"0".repeat(Math.max(0, point - digits.length))}`;
  const at = Math.max(point, 1);
  const integer = padded.slice(0, at).replace(/^0+(?=\d)/, "");
  const decimals = padded.slice(at).replace(/0+$/, "");
  const text = decimals ? `${integer}.${decimals}` : integer;
  return /^[0.]*$/.test(text) ? "0" : `${sign}${text}`;
}
