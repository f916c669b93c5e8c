import { describe, expect, it } from "vitest";
import { localListEntries, nextListVersion } from "../../../src/features/local-list/local-list-rules.js";
import type { IdTag } from "../../../src/generated/prisma/client.js";

const NOW = new Date("2030-06-01T12:00:00.000Z");
const stored = (idTag: string, fields: Partial<IdTag> = {}): IdTag => ({
  idTag,
  status: "Accepted",
  expiryDate: null,
  parentIdTag: null,
  createdAt: NOW,
  updatedAt: NOW,
  ...fields,
});

describe("localListEntries", () => {
  it("a Full update sends every stored tag with its idTagInfo, an expired one as Expired", () => {
    const expiry = new Date("2030-01-01T00:00:00.000Z");
    const entries = localListEntries(
      "Full",
      undefined,
      [stored("A", { parentIdTag: "P" }), stored("B", { status: "Blocked" }), stored("C", { expiryDate: expiry })],
      NOW,
    );
    expect(entries).toEqual([
      { idTag: "A", idTagInfo: { status: "Accepted", parentIdTag: "P" } },
      { idTag: "B", idTagInfo: { status: "Blocked" } },
      { idTag: "C", idTagInfo: { status: "Expired", expiryDate: expiry.toISOString() } },
    ]);
  });

  it("a Full update never removes: a named tag that is not stored is left out", () => {
    expect(localListEntries("Full", ["A", "GONE"], [stored("A")], NOW)).toEqual([
      { idTag: "A", idTagInfo: { status: "Accepted" } },
    ]);
  });

  it("a Full update naming no stored tag clears the list", () => {
    expect(localListEntries("Full", [], [], NOW)).toEqual([]);
  });

  it("a Differential update sends a named tag that is not stored without idTagInfo, so the charger removes it", () => {
    expect(localListEntries("Differential", ["A", "GONE"], [stored("A")], NOW)).toEqual([
      { idTag: "A", idTagInfo: { status: "Accepted" } },
      { idTag: "GONE" },
    ]);
  });

  it("a Differential update matches names to stored tags in any case, and sends each tag once", () => {
    expect(localListEntries("Differential", ["abc", "ABC", "gone", "GONE"], [stored("Abc")], NOW)).toEqual([
      { idTag: "Abc", idTagInfo: { status: "Accepted" } },
      { idTag: "gone" },
    ]);
  });
});

describe("nextListVersion", () => {
  it("takes the version asked for", () => {
    expect(nextListVersion(7, 41)).toBe(7);
  });

  it("otherwise follows the last confirmed version, starting at 1", () => {
    expect(nextListVersion(undefined, 41)).toBe(42);
    expect(nextListVersion(null, null)).toBe(1);
    // A charger reporting -1 (no list) or 0 (empty) starts over at 1.
    expect(nextListVersion(undefined, -1)).toBe(1);
    expect(nextListVersion(undefined, 0)).toBe(1);
  });
});
