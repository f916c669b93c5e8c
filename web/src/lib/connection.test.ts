import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./client";
import { ConnectionStore } from "./connection";

describe("the live link's state", () => {
  it("goes connecting → connected → reconnecting → connected, counting connections", () => {
    const store = new ConnectionStore();
    const seen: string[] = [];
    store.subscribe((s) => seen.push(`${s.status}#${s.epoch}`));
    store.connecting(false);
    store.connected();
    store.closed();
    store.connecting(true);
    store.closed();
    store.connecting(true);
    store.connected();
    expect(seen).toEqual([
      "connecting#0",
      "connected#1",
      "reconnecting#1",
      "reconnecting#1",
      "reconnecting#1",
      "reconnecting#1",
      "connected#2",
    ]);
    expect(store.get().attempts).toBe(0);
  });

  it("backs off exponentially with jitter, capped at 15 s", () => {
    expect(retryDelayMs(0, () => 0)).toBe(250);
    expect(retryDelayMs(0, () => 1)).toBe(500);
    expect(retryDelayMs(3, () => 1)).toBe(4000);
    expect(retryDelayMs(20, () => 1)).toBe(15_000);
  });
});
