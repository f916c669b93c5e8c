import { describe, expect, it } from "vitest";
import {
  latestEnergyRegisterWh,
  type MeterReading,
  sampleKey,
} from "../../../src/features/transactions/meter-readings.js";
import { toMeterReadings } from "../../../src/ocpp/v16/handlers/meter-readings.js";
import type { MeterValuesRequest } from "../../../src/generated/ocpp-types.js";

type MeterValue = MeterValuesRequest["meterValue"][number];
type SampledValue = MeterValue["sampledValue"][number];

const T1 = "2024-03-01T10:00:00.000Z";
const T2 = "2024-03-01T10:15:00.000Z";
const T3 = "2024-03-01T10:30:00.000Z";

const group = (timestamp: string, ...sampledValue: SampledValue[]): MeterValue => ({ timestamp, sampledValue });
const readings = (...groups: MeterValue[]): MeterReading[] => toMeterReadings(groups);

describe("toMeterReadings", () => {
  it("flattens each sampled value into one reading carrying its group's timestamp", () => {
    const result = toMeterReadings([
      group(T1, { value: "100" }, { value: "7.2", measurand: "Power.Active.Import", unit: "kW" }),
      group(T2, { value: "150" }),
    ]);
    expect(result).toHaveLength(3);
    expect(result.map((r) => [r.timestamp.toISOString(), r.value])).toEqual([
      [T1, "100"],
      [T1, "7.2"],
      [T2, "150"],
    ]);
  });

  it("keeps every optional attribute that is present", () => {
    const [reading] = toMeterReadings([
      group(T1, {
        value: "230.1",
        context: "Sample.Periodic",
        format: "Raw",
        measurand: "Voltage",
        phase: "L1-N",
        location: "Outlet",
        unit: "V",
      }),
    ]);
    expect(reading).toEqual({
      timestamp: new Date(T1),
      value: "230.1",
      context: "Sample.Periodic",
      format: "Raw",
      measurand: "Voltage",
      phase: "L1-N",
      location: "Outlet",
      unit: "V",
    });
  });

  it("stores absent optional attributes as null rather than applying OCPP defaults", () => {
    const [reading] = toMeterReadings([group(T1, { value: "42" })]);
    expect(reading).toEqual({
      timestamp: new Date(T1),
      value: "42",
      context: null,
      format: null,
      measurand: null,
      phase: null,
      location: null,
      unit: null,
    });
  });

  it("returns no readings for no meter values", () => {
    expect(toMeterReadings([])).toEqual([]);
  });
});

describe("latestEnergyRegisterWh", () => {
  it("treats a sampled value without measurand as Energy.Active.Import.Register in Wh (the OCPP defaults)", () => {
    expect(latestEnergyRegisterWh(readings(group(T1, { value: "12345" })))).toBe(12345);
  });

  it("reads an explicit Energy.Active.Import.Register in Wh", () => {
    expect(
      latestEnergyRegisterWh(
        readings(group(T1, { value: "500", measurand: "Energy.Active.Import.Register", unit: "Wh" })),
      ),
    ).toBe(500);
  });

  it("converts kWh to Wh", () => {
    expect(
      latestEnergyRegisterWh(
        readings(group(T1, { value: "12.345", measurand: "Energy.Active.Import.Register", unit: "kWh" })),
      ),
    ).toBe(12345);
  });

  it("rounds fractional Wh to whole Wh", () => {
    expect(latestEnergyRegisterWh(readings(group(T1, { value: "1.2346", unit: "kWh" })))).toBe(1235);
    expect(latestEnergyRegisterWh(readings(group(T1, { value: "99.4" })))).toBe(99);
  });

  it("ignores per-phase values of the energy register", () => {
    const result = latestEnergyRegisterWh(
      readings(
        group(T2, { value: "9999", measurand: "Energy.Active.Import.Register", phase: "L1" }),
        group(T1, { value: "3000" }),
      ),
    );
    expect(result).toBe(3000);
  });

  it("ignores other measurands, including export and interval energy", () => {
    const result = latestEnergyRegisterWh(
      readings(
        group(T1, { value: "1000" }),
        group(
          T2,
          { value: "7", measurand: "Power.Active.Import", unit: "kW" },
          { value: "800", measurand: "Energy.Active.Export.Register" },
          { value: "250", measurand: "Energy.Active.Import.Interval" },
          { value: "80", measurand: "SoC", unit: "Percent" },
        ),
      ),
    );
    expect(result).toBe(1000);
  });

  it("skips SignedData values, which cannot be read as numbers here", () => {
    const result = latestEnergyRegisterWh(
      readings(
        group(T1, { value: "2000" }),
        group(T2, { value: "4000", format: "SignedData" }),
        group(T3, { value: "AAECAwQ=", format: "SignedData" }),
      ),
    );
    expect(result).toBe(2000);
  });

  it("skips values that are not numbers", () => {
    expect(latestEnergyRegisterWh(readings(group(T1, { value: "100" }), group(T2, { value: "n/a" })))).toBe(100);
  });

  it("picks the reading with the latest timestamp, whatever the order they arrive in", () => {
    expect(
      latestEnergyRegisterWh(
        readings(group(T3, { value: "300" }), group(T1, { value: "100" }), group(T2, { value: "200" })),
      ),
    ).toBe(300);
    expect(
      latestEnergyRegisterWh(
        readings(group(T1, { value: "100" }), group(T2, { value: "200" }), group(T3, { value: "300" })),
      ),
    ).toBe(300);
  });

  it("compares timestamps as instants across time zone offsets", () => {
    // 11:00+02:00 is 09:00Z, earlier than T1 (10:00Z).
    expect(
      latestEnergyRegisterWh(
        readings(group(T1, { value: "100" }), group("2024-03-01T11:00:00+02:00", { value: "50" })),
      ),
    ).toBe(100);
  });

  it("mixes units correctly when choosing the latest reading", () => {
    expect(
      latestEnergyRegisterWh(
        readings(group(T1, { value: "5000", unit: "Wh" }), group(T2, { value: "5.5", unit: "kWh" })),
      ),
    ).toBe(5500);
  });

  it("returns undefined when no reading carries the energy register", () => {
    expect(latestEnergyRegisterWh([])).toBeUndefined();
    expect(
      latestEnergyRegisterWh(
        readings(group(T1, { value: "7", measurand: "Power.Active.Import" }, { value: "1", phase: "L2" })),
      ),
    ).toBeUndefined();
  });
});

describe("energy registers beyond 32 bits", () => {
  it("are read exactly up to 2^53 Wh", () => {
    expect(latestEnergyRegisterWh(readings(group(T1, { value: "2147483648" })))).toBe(2_147_483_648);
    expect(latestEnergyRegisterWh(readings(group(T1, { value: "5000000.5", unit: "kWh" })))).toBe(5_000_000_500);
  });

  it("are no energy at all beyond 2^53 Wh, where a number no longer counts single Wh", () => {
    expect(latestEnergyRegisterWh(readings(group(T1, { value: "1e300" })))).toBeUndefined();
    expect(
      latestEnergyRegisterWh(readings(group(T1, { value: "100" }), group(T2, { value: "9007199254740993" }))),
    ).toBe(100);
  });
});

describe("sampleKey", () => {
  const owner = { chargePointId: "CP1", evseId: 1, connectorId: 1, transactionId: 7 };
  const [reading] = readings(group(T1, { value: "100", measurand: "Energy.Active.Import.Register" }));

  it("is the same for the same sample sent again", () => {
    const [again] = readings(group(T1, { value: "100", measurand: "Energy.Active.Import.Register" }));
    expect(sampleKey(owner, again!)).toBe(sampleKey(owner, reading!));
    expect(sampleKey(owner, reading!)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it("differs when the owner, the time or any field differs", () => {
    const keys = new Set([
      sampleKey(owner, reading!),
      sampleKey({ ...owner, chargePointId: "CP2" }, reading!),
      sampleKey({ ...owner, connectorId: 2 }, reading!),
      sampleKey({ ...owner, evseId: 2 }, reading!),
      sampleKey({ ...owner, transactionId: null }, reading!),
      sampleKey(owner, { ...reading!, timestamp: new Date(T2) }),
      sampleKey(owner, { ...reading!, value: "101" }),
      sampleKey(owner, { ...reading!, unit: "Wh" }),
      sampleKey(owner, { ...reading!, phase: "L1" }),
    ]);
    expect(keys.size).toBe(9);
  });
});
