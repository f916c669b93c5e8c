import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { FLOOD_AUDIT_SAMPLE, FLOOD_SAMPLE_BYTES } from "../../src/ocpp/connection.js";
import { startTestApp, type TestApp, uniqueId } from "../helpers/app.js";
import { openRawSocket } from "../helpers/raw-socket.js";

// One charger must not hurt the others: every frame it sends counts toward its limits, a flood closes it, its
// immediate reconnect is refused for a while, and the audit log keeps a sample of the flood plus a count.

const RATE = 5;
const BURST = 2 * RATE;
const MAX_BAD_FRAMES = 20;

type RawSocket = Awaited<ReturnType<typeof openRawSocket>>;

let app: TestApp;
const sockets: RawSocket[] = [];

beforeAll(async () => {
  app = await startTestApp({
    OCPP_MAX_MESSAGES_PER_SECOND: String(RATE),
    OCPP_MAX_BAD_FRAMES_PER_MINUTE: String(MAX_BAD_FRAMES),
  });
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});
afterAll(async () => {
  await app?.close();
});

async function openCharger(identity = uniqueId("FLOOD")) {
  const socket = await openRawSocket(`${app.ocppUrl}/${identity}`);
  sockets.push(socket);
  const received: unknown[][] = [];
  socket.socket.on("message", (data) => received.push(JSON.parse(data.toString()) as unknown[]));
  return Object.assign(socket, { identity, received });
}

/** Resolves with how the socket was closed, or undefined if it is still open after ms. */
const closedWithin = (socket: RawSocket, ms = 5000) =>
  Promise.race([socket.closed, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms))]);

/** Attempts a handshake; the HTTP status and Retry-After of a refusal, or "open". */
function handshake(identity: string): Promise<{ status: number | "open"; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${app.ocppUrl}/${identity}`, ["ocpp1.6"]);
    socket.once("unexpected-response", (_request, response) => {
      resolve({ status: response.statusCode ?? 0, retryAfter: response.headers["retry-after"] });
      socket.terminate();
    });
    socket.once("open", () => {
      resolve({ status: "open" });
      socket.close();
    });
    socket.once("error", reject);
  });
}

async function auditRows(chargePointId: string) {
  await app.audit.flush();
  return app.db.ocppMessage.findMany({ where: { chargePointId }, orderBy: { id: "asc" } });
}

describe("replies that answer nothing", () => {
  it.each([
    ["CALLRESULTs", (i: number) => `[3,"stray-${i}",{"status":"Accepted"}]`],
    ["CALLERRORs", (i: number) => `[4,"stray-${i}","GenericError","no",{}]`],
  ])("a flood of %s for unknown ids is never answered and closes the connection with 1008", async (_kind, frame) => {
    const flooder = await openCharger();
    for (let i = 0; i < 1000; i++) flooder.socket.send(frame(i));
    const closed = await closedWithin(flooder);
    expect(closed?.code).toBe(1008);
    expect(flooder.received).toEqual([]);
  });

  it("the audit log keeps a bounded sample of the flood and one entry with the count of the rest", async () => {
    const flooder = await openCharger();
    const sent = 2000;
    for (let i = 0; i < sent; i++) flooder.socket.send(`[3,"stray-${i}",{}]`);
    expect((await closedWithin(flooder))?.code).toBe(1008);
    const rows = await vi.waitFor(
      async () => {
        const written = await auditRows(flooder.identity);
        expect(written.some((r) => r.errorCode === "FloodSummary")).toBe(true);
        return written;
      },
      { timeout: 5000, interval: 50 },
    );
    const summary = rows.find((r) => r.errorCode === "FloodSummary")!;
    const { unrecordedFrames } = summary.payload as { unrecordedFrames: number };
    const recorded = rows.filter((r) => r.direction === "INBOUND" && r.errorCode !== "FloodSummary");
    expect(recorded.length).toBeLessThanOrEqual(MAX_BAD_FRAMES + 1 + FLOOD_AUDIT_SAMPLE);
    expect(unrecordedFrames).toBeGreaterThan(0);
    expect(recorded.length + unrecordedFrames).toBeLessThanOrEqual(sent);
    expect(rows.filter((r) => r.direction === "OUTBOUND")).toEqual([]);
  });

  it.each([
    ['[3,"broken"]', "a CALLRESULT with 2 elements"],
    ['[3,"broken",[]]', "a CALLRESULT whose payload is an array"],
    ['[4,"broken","GenericError"]', "a CALLERROR with 3 elements"],
    ['[4,"broken",1,"x",{}]', "a CALLERROR with a numeric error code"],
    ["[3,42,{}]", "a CALLRESULT with a numeric unique id"],
    ['[4,"broken","GenericError","x",{', "a CALLERROR that is not valid JSON"],
  ])("a malformed reply (%s: %s) is not answered with a CALLERROR", async (raw) => {
    const charger = await openCharger();
    charger.socket.send(raw);
    // The next answer the charger gets is the one to its Heartbeat: nothing came back for the broken reply.
    const answer = await charger.exchange('[2,"hb-after","Heartbeat",{}]');
    expect(answer[0]).toBe(3);
    expect(answer[1]).toBe("hb-after");
  });
});

describe("every frame counts toward the message rate", () => {
  it("a few huge MeterValues cost by their size and close the connection", async () => {
    const charger = await openCharger();
    const sampledValue = Array.from({ length: 3000 }, (_, i) => ({ value: String(i), measurand: "Voltage" }));
    const huge = (i: number) =>
      JSON.stringify([
        2,
        `huge-${i}`,
        "MeterValues",
        { connectorId: 1, meterValue: [{ timestamp: new Date().toISOString(), sampledValue }] },
      ]);
    expect(huge(0).length).toBeGreaterThan(100_000);
    for (let i = 0; i < 10; i++) charger.socket.send(huge(i));
    expect(await closedWithin(charger)).toEqual({ code: 1008, reason: "Message rate exceeded" });
    expect(charger.received.length).toBeLessThan(10);

    // The frames past the limit stay in the audit sample with only their first bytes, saying how long they were.
    const cut = (await auditRows(charger.identity)).filter((row) => row.raw.endsWith(`cut to ${FLOOD_SAMPLE_BYTES}]`));
    expect(cut.length).toBeGreaterThan(0);
    for (const row of cut) {
      expect(row.raw.length).toBeLessThan(FLOOD_SAMPLE_BYTES + 100);
      expect(row.raw).toContain(`[${huge(0).length} bytes`);
    }
  });
});

describe("a charger closed for flooding", () => {
  it.each([
    ["CALLs", (i: number) => `[2,"call-${i}","Heartbeat",{}]`],
    ["replies to nothing", (i: number) => `[3,"stray-${i}",{}]`],
    ["garbage", (i: number) => `garbage ${i}`],
  ])("after a flood of %s, is refused with 429 and Retry-After when it reconnects at once", async (_kind, frame) => {
    const flooder = await openCharger();
    for (let i = 0; i < 500; i++) flooder.socket.send(frame(i));
    expect((await closedWithin(flooder))?.code).toBe(1008);
    const refused = await handshake(flooder.identity);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    // Another charger is not refused.
    expect((await handshake(uniqueId("GOOD"))).status).toBe("open");
  });

  it(`a well-behaved charger (${BURST} frames at once, then ${RATE} a second) is never closed`, async () => {
    const charger = await openCharger();
    for (let i = 0; i < BURST; i++) charger.socket.send(`[2,"ok-${i}","Heartbeat",{}]`);
    for (let i = 0; i < 3; i++) {
      // The charger's own pace, at its allowed rate: not a wait of the test.
      await new Promise((resolve) => setTimeout(resolve, 1000 / RATE));
      charger.socket.send(`[3,"late-${i}",{}]`);
    }
    await expect.poll(() => charger.received.length, { timeout: 5000 }).toBeGreaterThanOrEqual(BURST);
    expect(await closedWithin(charger, 300)).toBeUndefined();
    charger.close();
    await charger.closed;
    expect((await handshake(charger.identity)).status).toBe("open");
  });
});
