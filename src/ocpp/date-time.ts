import { fullFormats } from "ajv-formats/dist/formats.js";

/**
 * OCPP 1.6 timestamps (xs:dateTime, RFC 3339 in OCPP-J) as JavaScript and PostgreSQL can hold them.
 *
 * - A leap second (`23:59:60`, in UTC; RFC 3339 allows it) is read as the last millisecond before it, `23:59:59.999`
 *   in the same offset: JavaScript has no 61st second, and this keeps it after every earlier instant and before the
 *   next minute.
 * - Only instants from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z are accepted (the years RFC 3339 can write in
 *   UTC, and that our API prints as RFC 3339). `0000-01-01T00:00:00+01:00` (year 0 does not exist in xs:dateTime
 *   1.0) or `9999-12-31T23:30:00-01:00` (year 10000 in UTC) break the property's constraint: the validator answers
 *   PropertyConstraintViolation, so such a value never reaches the database.
 */
const EARLIEST = new Date("0001-01-01T00:00:00.000Z").getTime();
const LATEST = new Date("9999-12-31T23:59:59.999Z").getTime();
const LEAP_SECOND = /(T\d\d:\d\d:)60[.\d]*/;
/** RFC 3339 also allows `t`, `z` and a space between date and time, which Date.parse does not promise to read. */
const SEPARATOR = /^(\d{4}-\d\d-\d\d)[T\s]/i;

const rfc3339 = fullFormats["date-time"] as { validate: (text: string) => boolean };

/** The instant an OCPP timestamp names (a leap second read as described above); Invalid Date when it is none. */
export function parseOcppDateTime(text: string): Date {
  return new Date(text.replace(SEPARATOR, "$1T").toUpperCase().replace(LEAP_SECOND, "$159.999"));
}

/** The "date-time" format of the OCPP schemas: RFC 3339 and an instant in years 1 to 9999 (UTC). */
export function isOcppDateTime(text: string): boolean {
  if (!rfc3339.validate(text)) return false;
  const time = parseOcppDateTime(text).getTime();
  return time >= EARLIEST && time <= LATEST;
}
