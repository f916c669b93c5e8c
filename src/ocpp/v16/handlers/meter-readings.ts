import type { MeterReading } from "../../../features/transactions/meter-readings.js";
import type { MeterValuesRequest } from "../../../generated/ocpp-types.js";
import { parseOcppDateTime } from "../../date-time.js";

type MeterValue = MeterValuesRequest["meterValue"][number];
type SampledValue = MeterValue["sampledValue"][number];

/** Flattens OCPP MeterValue groups into one reading per sampled value. */
export function toMeterReadings(meterValues: MeterValue[]): MeterReading[] {
  return meterValues.flatMap((group) =>
    group.sampledValue.map((sample: SampledValue) => ({
      timestamp: parseOcppDateTime(group.timestamp),
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
