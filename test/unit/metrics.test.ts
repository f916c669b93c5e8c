import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { AppMetrics } from "../../src/metrics.js";
import type { FrameRecord } from "../../src/ocpp/connection.js";
import { Scrape } from "../helpers/prometheus.js";

const P = "ocpp_central_";

function frame(parts: Partial<FrameRecord>): FrameRecord {
  return {
    chargePointId: "CP-UNIT",
    direction: "INBOUND",
    raw: "",
    messageType: "CALL",
    uniqueId: "u-1",
    action: "Heartbeat",
    payload: {},
    errorCode: null,
    errorDescription: null,
    at: new Date(),
    ...parts,
  };
}

describe("METRICS_ENABLED and METRICS_TOKEN", () => {
  it("default to enabled without a token", () => {
    expect(loadConfig({}).metrics).toEqual({ enabled: true, token: undefined });
  });

  it("read the switch as a boolean and keep the token", () => {
    const config = loadConfig({ METRICS_ENABLED: "false", METRICS_TOKEN: "0123456789abcdef" });
    expect(config.metrics).toEqual({ enabled: false, token: "0123456789abcdef" });
  });

  it.each([
    ["METRICS_ENABLED", "maybe"],
    ["METRICS_TOKEN", "short"],
    ["METRICS_TOKEN", "has a space in it somewhere"],
  ])("refuse %s=%s, naming it", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}=`));
  });
});

describe("AppMetrics labels", () => {
  it("keep label values to small fixed sets: unknown actions, odd error codes, and operation names past 200", async () => {
    const metrics = new AppMetrics();
    metrics.onFrame(frame({ action: "Heartbeat" }));
    metrics.onFrame(frame({ action: "ChargerInventedThis" }));
    metrics.onFrame(frame({ messageType: "CALLERROR", action: null, errorCode: "VendorSpecificCode" }));
    for (let i = 0; i < 250; i++) metrics.onOperation("query", `Op${i}`);
    metrics.onOperation("mutation", undefined);

    const s = Scrape.parse(await metrics.render());
    const messages = `${P}ocpp_messages_total`;
    expect(s.value(messages, { direction: "inbound", message_type: "CALL", action: "Heartbeat" })).toBe(1);
    expect(s.value(messages, { direction: "inbound", message_type: "CALL", action: "unknown" })).toBe(1);
    expect(s.value(messages, { direction: "inbound", message_type: "CALLERROR", action: "none" })).toBe(1);
    expect(s.value(`${P}ocpp_call_errors_total`, { direction: "inbound", error_code: "other" })).toBe(1);
    const operations = s.samples(`${P}graphql_operations_total`);
    expect(operations).toHaveLength(202);
    expect(s.value(`${P}graphql_operations_total`, { operation_type: "query", operation_name: "other" })).toBe(50);
    expect(s.value(`${P}graphql_operations_total`, { operation_type: "mutation", operation_name: "anonymous" })).toBe(
      1,
    );
  });

  it("give every instance its own registry", async () => {
    const first = new AppMetrics();
    const second = new AppMetrics();
    first.onFrame(frame({}));
    first.watch({ connectedChargers: () => 7, auditQueueDepth: () => 3 });
    const a = Scrape.parse(await first.render());
    const b = Scrape.parse(await second.render());
    expect(a.value(`${P}chargers_connected`)).toBe(7);
    expect(a.value(`${P}audit_queue_depth`)).toBe(3);
    expect(b.value(`${P}chargers_connected`)).toBe(0);
    expect(b.samples(`${P}ocpp_messages_total`)).toEqual([]);
  });
});
