import { describe, expect, it } from "vitest";
import {
  actualValueRows,
  monitorRows,
  monitorValuesStorable,
  presentInstance,
  presentNumber,
  reportRows,
} from "../../../src/features/device-model/device-model-rules.js";

describe("a report part as rows", () => {
  it("stores one row per attribute, absent instances as '' and an absent EVSE and connector as 0", () => {
    const rows = reportRows([
      {
        component: { name: "OCPPCommCtrlr" },
        variable: { name: "HeartbeatInterval" },
        attributes: [
          { type: "Actual", value: "300", mutability: "ReadWrite" },
          { type: "MaxSet", value: "3600" },
        ],
        characteristics: { unit: "s", dataType: "integer" },
      },
    ]);
    expect(rows).toEqual([
      {
        component: "OCPPCommCtrlr",
        componentInstance: "",
        evseId: 0,
        connectorId: 0,
        variable: "HeartbeatInterval",
        variableInstance: "",
        attributeType: "Actual",
        value: "300",
        mutability: "ReadWrite",
        dataType: "integer",
        unit: "s",
      },
      expect.objectContaining({ attributeType: "MaxSet", value: "3600", mutability: "ReadWrite" }),
    ]);
  });

  it("takes an absent attribute type as Actual and an absent mutability as ReadWrite", () => {
    const [row] = reportRows([
      {
        component: { name: "ClockCtrlr" },
        variable: { name: "DateTime" },
        attributes: [{ value: "2026-01-01T00:00:00Z" }],
      },
    ]);
    expect(row).toMatchObject({ attributeType: "Actual", mutability: "ReadWrite", dataType: null, unit: null });
  });

  it("keeps the instances, the EVSE and the connector a station names", () => {
    const [row] = reportRows([
      {
        component: { name: "Connector", instance: "Left", evse: { id: 2, connectorId: 1 } },
        variable: { name: "Available", instance: "Plug" },
        attributes: [{ value: "true", mutability: "ReadOnly" }],
        characteristics: { dataType: "boolean" },
      },
    ]);
    expect(row).toMatchObject({
      component: "Connector",
      componentInstance: "Left",
      evseId: 2,
      connectorId: 1,
      variable: "Available",
      variableInstance: "Plug",
    });
  });

  it("an EVSE without a connector is the EVSE as a whole (connector 0)", () => {
    const [row] = reportRows([
      { component: { name: "EVSE", evse: { id: 1 } }, variable: { name: "Power" }, attributes: [{ value: "22000" }] },
    ]);
    expect(row).toMatchObject({ evseId: 1, connectorId: 0 });
  });

  it("never keeps the value of a WriteOnly attribute, even when a station sends one", () => {
    const [row] = reportRows([
      {
        component: { name: "SecurityCtrlr" },
        variable: { name: "BasicAuthPassword" },
        attributes: [{ value: "s3cret-s3cret-s3cret", mutability: "WriteOnly" }],
      },
    ]);
    expect(row).toMatchObject({ value: null, mutability: "WriteOnly" });
  });

  it("keeps the last of two reports of one attribute (one statement cannot upsert a row twice)", () => {
    const report = (value: string) => ({
      component: { name: "ClockCtrlr" },
      variable: { name: "TimeZone" },
      attributes: [{ value }],
    });
    expect(reportRows([report("Europe/Oslo"), report("Europe/Berlin")]).map((row) => row.value)).toEqual([
      "Europe/Berlin",
    ]);
  });
});

describe("actual values from events", () => {
  const event = (value: string, at: string, instance?: string) => ({
    component: { name: "EVSE", evse: { id: 1 } },
    variable: { name: "Power", ...(instance ? { instance } : {}) },
    value,
    at: new Date(at),
  });

  it("keep the latest value per variable, whatever order the events came in", () => {
    expect(
      actualValueRows([event("7", "2026-01-01T00:00:02Z"), event("5", "2026-01-01T00:00:01Z")]).map((row) => row.value),
    ).toEqual(["7"]);
  });

  it("keep the one reported last when two events have the same time", () => {
    const at = "2026-01-01T00:00:01Z";
    expect(actualValueRows([event("5", at), event("6", at)]).map((row) => row.value)).toEqual(["6"]);
  });

  it("keep one value for each instance of a variable", () => {
    const at = "2026-01-01T00:00:01Z";
    expect(actualValueRows([event("5", at, "L1"), event("6", at, "L2")])).toEqual([
      expect.objectContaining({ variableInstance: "L1", value: "5", evseId: 1, connectorId: 0 }),
      expect.objectContaining({ variableInstance: "L2", value: "6" }),
    ]);
  });
});

describe("monitors as rows", () => {
  it("are one row per monitor with its variable's address, the last report of an id winning", () => {
    const rows = monitorRows([
      {
        component: { name: "EVSE", evse: { id: 1 } },
        variable: { name: "Power" },
        monitors: [
          { id: 7, type: "UpperThreshold", value: 22000, severity: 4, transaction: false },
          { id: 8, type: "Periodic", value: 60, severity: 8, transaction: true },
        ],
      },
      {
        component: { name: "EVSE", evse: { id: 2 } },
        variable: { name: "Power" },
        monitors: [{ id: 7, type: "UpperThreshold", value: 11000, severity: 3, transaction: false }],
      },
    ]);
    expect(rows).toEqual([
      {
        component: "EVSE",
        componentInstance: "",
        evseId: 2,
        connectorId: 0,
        variable: "Power",
        variableInstance: "",
        monitorId: 7,
        type: "UpperThreshold",
        value: 11000,
        severity: 3,
        transaction: false,
      },
      expect.objectContaining({ monitorId: 8, evseId: 1, type: "Periodic", transaction: true }),
    ]);
  });
});

describe("monitor values storage can hold", () => {
  const report = (value: number) => [
    {
      component: { name: "EVSE" },
      variable: { name: "Power" },
      monitors: [{ id: 1, type: "UpperThreshold", value, severity: 5, transaction: false }],
    },
  ];

  it("are those below 10^14 in size, fractions and negatives included", () => {
    expect([22000.5, -40, 99_999_999_999_999].map((value) => monitorValuesStorable(report(value)))).toEqual([
      true,
      true,
      true,
    ]);
  });

  it("are not 10^14 or more, which the schema allows (1e300)", () => {
    expect([1e14, -1e14, 1e300].map((value) => monitorValuesStorable(report(value)))).toEqual([false, false, false]);
  });
});

describe("what the API shows of a stored address", () => {
  it("shows absent instances, EVSE and connector as null", () => {
    expect([presentInstance(""), presentInstance("Left"), presentNumber(0), presentNumber(2)]).toEqual([
      null,
      "Left",
      null,
      2,
    ]);
  });
});
