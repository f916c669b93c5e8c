import type { MeterValueType, ReadingContextEnumType } from "../../../src/generated/ocpp201-types.js";
import type { MeterReading } from "../meter.js";

export type ReadingContext = ReadingContextEnumType;

/**
 * One MeterValue: the energy register, and unless energyOnly also power and the EV's state of charge. Values are
 * numbers in 2.0.1, and the unit is named although Wh and W are the defaults, so that no reader has to know that.
 */
export function toMeterValue(reading: MeterReading, context: ReadingContext, energyOnly = false): MeterValueType {
  const sampledValue: MeterValueType["sampledValue"] = [
    {
      value: reading.energyWh,
      context,
      measurand: "Energy.Active.Import.Register",
      location: "Outlet",
      unitOfMeasure: { unit: "Wh" },
    },
  ];
  if (!energyOnly) {
    sampledValue.push({
      value: reading.powerW,
      context,
      measurand: "Power.Active.Import",
      location: "Outlet",
      unitOfMeasure: { unit: "W" },
    });
    if (reading.socPercent !== undefined) {
      sampledValue.push({
        value: reading.socPercent,
        context,
        measurand: "SoC",
        location: "EV",
        unitOfMeasure: { unit: "Percent" },
      });
    }
  }
  return { timestamp: reading.at.toISOString(), sampledValue };
}
