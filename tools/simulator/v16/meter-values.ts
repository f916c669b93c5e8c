import type { MeterValuesRequest } from "../../../src/generated/ocpp-types.js";
import type { MeterReading } from "../meter.js";

export type MeterValue = MeterValuesRequest["meterValue"][number];
export type ReadingContext = NonNullable<MeterValue["sampledValue"][number]["context"]>;

/** One MeterValue: the energy register, and unless energyOnly also power and the EV's state of charge. */
export function toMeterValue(reading: MeterReading, context: ReadingContext, energyOnly = false): MeterValue {
  const sampledValue: MeterValue["sampledValue"] = [
    {
      value: String(reading.energyWh),
      context,
      measurand: "Energy.Active.Import.Register",
      location: "Outlet",
      unit: "Wh",
    },
  ];
  if (!energyOnly) {
    sampledValue.push({
      value: String(reading.powerW),
      context,
      measurand: "Power.Active.Import",
      location: "Outlet",
      unit: "W",
    });
    if (reading.socPercent !== undefined) {
      sampledValue.push({
        value: String(reading.socPercent),
        context,
        measurand: "SoC",
        location: "EV",
        unit: "Percent",
      });
    }
  }
  return { timestamp: reading.at.toISOString(), sampledValue };
}
