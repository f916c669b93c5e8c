import { describe, expect, it } from "vitest";
import { authorize, authorizeStart, isIdToken } from "../../../src/features/authorization/authorization-rules.js";

const NOW = new Date("2025-06-01T12:00:00.000Z");
const tag = (
  status: "Accepted" | "Blocked" | "Expired",
  expiryDate: Date | null = null,
  parentIdTag: string | null = null,
) => ({
  status,
  expiryDate,
  parentIdTag,
});

describe("authorizing an ID tag", () => {
  it("answers Invalid for a tag that is not stored", () => {
    expect(authorize(null, NOW)).toEqual({ status: "Invalid" });
  });

  it("accepts a stored Accepted tag without expiry", () => {
    expect(authorize(tag("Accepted"), NOW)).toEqual({ status: "Accepted" });
  });

  it("answers Blocked for a blocked tag, and Expired for one stored as expired", () => {
    expect(authorize(tag("Blocked"), NOW).status).toBe("Blocked");
    expect(authorize(tag("Expired"), NOW).status).toBe("Expired");
  });

  it("reads an Accepted tag whose expiry date has passed as Expired, at the very instant too", () => {
    expect(authorize(tag("Accepted", new Date("2025-05-31T00:00:00.000Z")), NOW).status).toBe("Expired");
    expect(authorize(tag("Accepted", NOW), NOW).status).toBe("Expired");
  });

  it("accepts a tag whose expiry date is still ahead, and passes the date on for the charger's cache", () => {
    const expiry = new Date("2025-07-01T00:00:00.000Z");
    expect(authorize(tag("Accepted", expiry), NOW)).toEqual({ status: "Accepted", expiryDate: expiry.toISOString() });
  });

  it("keeps a blocked tag Blocked, whatever its expiry date", () => {
    expect(authorize(tag("Blocked", new Date("2025-01-01T00:00:00.000Z")), NOW).status).toBe("Blocked");
  });

  it("passes the parent tag on, so a charger can group tags under it", () => {
    expect(authorize(tag("Accepted", null, "FLEET-1"), NOW)).toEqual({ status: "Accepted", parentIdTag: "FLEET-1" });
  });
});

describe("authorizing a start", () => {
  it("answers ConcurrentTx for an accepted tag already charging on another connector", () => {
    expect(authorizeStart({ status: "Accepted", parentIdTag: "P" }, { activeElsewhere: true })).toEqual({
      status: "ConcurrentTx",
      parentIdTag: "P",
    });
  });

  it("accepts an accepted tag that holds no other session", () => {
    expect(authorizeStart({ status: "Accepted" }, { activeElsewhere: false })).toEqual({ status: "Accepted" });
  });

  it("keeps a refusal as it was: a blocked tag is Blocked, not ConcurrentTx", () => {
    expect(authorizeStart({ status: "Blocked" }, { activeElsewhere: true })).toEqual({ status: "Blocked" });
    expect(authorizeStart({ status: "Invalid" }, { activeElsewhere: true })).toEqual({ status: "Invalid" });
  });
});

describe("an ID tag's text", () => {
  it("is 1 to 20 characters", () => {
    expect(isIdToken("")).toBe(false);
    expect(isIdToken("A")).toBe(true);
    expect(isIdToken("X".repeat(20))).toBe(true);
    expect(isIdToken("X".repeat(21))).toBe(false);
  });
});
