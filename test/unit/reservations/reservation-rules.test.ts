import { describe, expect, it } from "vitest";
import { CommandRejectedError } from "../../../src/features/errors.js";
import { assertReservable } from "../../../src/features/reservations/reservation-service.js";

const NOW = new Date("2025-06-01T12:00:00.000Z");

describe("a reservation", () => {
  it("may run until a time still ahead", () => {
    expect(() => assertReservable(new Date("2025-06-01T12:00:00.001Z"), NOW)).not.toThrow();
  });

  it("is refused before anything is sent when its expiry is now or past", () => {
    expect(() => assertReservable(NOW, NOW)).toThrow(CommandRejectedError);
    expect(() => assertReservable(new Date("2025-05-31T12:00:00.000Z"), NOW)).toThrow(
      "expiryDate must be in the future",
    );
  });
});
