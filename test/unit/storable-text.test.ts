import { describe, expect, it } from "vitest";
import { withStorableText } from "../../src/db/storable-text.js";

describe("withStorableText", () => {
  it("replaces NUL and lone surrogates by U+FFFD in nested keys and values", () => {
    const payload = { info: "a\u0000b", list: [{ value: "x\ud800" }], ["k\udc00"]: 1, n: 5, ok: "😀" };
    expect(withStorableText(payload)).toEqual({
      info: "a\uFFFDb",
      list: [{ value: "x\uFFFD" }],
      ["k\uFFFD"]: 1,
      n: 5,
      ok: "😀",
    });
  });

  it("returns a payload without them as it is", () => {
    const payload = { connectorId: 1, info: "fine 😀", list: ["a"] };
    expect(withStorableText(payload)).toBe(payload);
  });
});
