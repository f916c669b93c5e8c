import { describe, expect, it } from "vitest";
import { isOcppDateTime, parseOcppDateTime } from "../../src/ocpp/date-time.js";

describe("OCPP timestamps", () => {
  it.each([
    ["2016-12-31T23:59:60Z", "2016-12-31T23:59:59.999Z"],
    ["2016-12-31T23:59:60.5Z", "2016-12-31T23:59:59.999Z"],
    ["2016-12-31T18:59:60-05:00", "2016-12-31T23:59:59.999Z"],
    ["2016-12-31t23:59:60z", "2016-12-31T23:59:59.999Z"],
    ["2020-01-01 10:00:00+01:00", "2020-01-01T09:00:00.000Z"],
    ["2020-01-01T00:00:00.123456Z", "2020-01-01T00:00:00.123Z"],
  ])("reads %s as %s (a leap second as the last millisecond before it)", (text, instant) => {
    expect(isOcppDateTime(text)).toBe(true);
    expect(parseOcppDateTime(text).toISOString()).toBe(instant);
  });

  it.each([
    "0000-01-01T00:00:00+01:00",
    "0000-12-31T23:59:59.999Z",
    "9999-12-31T23:30:00-01:00",
    "2016-12-31T12:59:60Z",
    "2020-02-30T00:00:00Z",
    "2020-01-01T00:00:00",
  ])("refuses %s", (text) => {
    expect(isOcppDateTime(text)).toBe(false);
  });

  it.each([
    "0000-12-31T23:00:00-02:00",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999Z",
    "9999-12-31T23:59:59+01:00",
  ])("accepts %s, within years 1 to 9999 in UTC", (text) => {
    expect(isOcppDateTime(text)).toBe(true);
  });
});
