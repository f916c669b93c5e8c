import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { connectChargePoint, startTestApp, type TestApp, uniqueId } from "../helpers/app.js";
import { graphql } from "../helpers/graphql.js";
import { openRawSocket } from "../helpers/raw-socket.js";

/** Low limits so the tests can reach them: 5 malformed frames a minute, 2 KiB a frame. */
const MAX_BAD_FRAMES = 5;
const MAX_FRAME_BYTES = 2048;

type RawSocket = Awaited<ReturnType<typeof openRawSocket>>;
type ChargePoint = Awaited<ReturnType<typeof connectChargePoint>>;
type LoggedMessage = {
  direction: "INBOUND" | "OUTBOUND";
  messageType: "CALL" | "CALLRESULT" | "CALLERROR" | null;
  uniqueId: string | null;
  action: string | null;
  raw: string;
  payload: unknown;
  errorCode: string | null;
  errorDescription: string | null;
};

let app: TestApp;
const rawSockets: RawSocket[] = [];
const chargePoints: ChargePoint[] = [];

beforeAll(async () => {
  app = await startTestApp({
    OCPP_MAX_BAD_FRAMES_PER_MINUTE: String(MAX_BAD_FRAMES),
    OCPP_MAX_FRAME_BYTES: String(MAX_FRAME_BYTES),
  });
});

afterEach(async () => {
  for (const socket of rawSockets.splice(0)) socket.close();
  await Promise.all(chargePoints.splice(0).map((client) => client.close({ force: true })));
});

afterAll(async () => {
  await app?.close();
});

/** A bare WebSocket charger at ws://host:port/{identity} offering ocpp1.6. */
async function openCharger(identity = uniqueId("RAW"), on: TestApp = app) {
  const socket = await openRawSocket(`${on.ocppUrl}/${identity}`);
  rawSockets.push(socket);
  return Object.assign(socket, { identity });
}

async function strictChargePoint(identity = uniqueId("STRICT")) {
  const client = await connectChargePoint(app, identity);
  chargePoints.push(client);
  return client;
}

/** The charge point's audit log, oldest first, read back through the GraphQL API after everything is written. */
async function auditLog(chargePointId: string, on: TestApp = app): Promise<LoggedMessage[]> {
  await on.audit.flush();
  const result = await graphql<{ messages: { edges: Array<{ node: LoggedMessage }> } }>(
    on.graphqlUrl,
    /* GraphQL */ `
      query Log($chargePointId: String!) {
        messages(chargePointId: $chargePointId, first: 100) {
          edges {
            node {
              direction
              messageType
              uniqueId
              action
              raw
              payload
              errorCode
              errorDescription
            }
          }
        }
      }
    `,
    { chargePointId },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.messages.edges.map((edge) => edge.node).reverse();
}

/** Resolves true if no frame arrives within ms. */
async function staysSilent(socket: RawSocket, ms = 400): Promise<boolean> {
  try {
    await socket.nextFrame(ms);
    return false;
  } catch {
    return true;
  }
}

/** Attempts a WebSocket handshake and reports the HTTP status of a refusal (or "open" if it was accepted). */
function handshakeStatus(url: string, protocols?: string[]): Promise<number | "open"> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols);
    socket.once("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once("open", () => {
      resolve("open");
      socket.close();
    });
    socket.once("error", reject);
  });
}

const heartbeat = (id: string) => `[2,"${id}","Heartbeat",{}]`;

type Case = {
  name: string;
  raw: string | Buffer;
  /** The unique id the CALLERROR must carry. */
  answerId: string;
  code: string;
  /** How the inbound frame itself is logged: a readable CALL, or an unreadable frame with the framing error. */
  inbound: { messageType: "CALL"; action: string } | { messageType: null };
};

const cases: Case[] = [
  {
    name: "text that is not JSON",
    raw: "this is not json",
    answerId: "-1",
    code: "FormationViolation",
    inbound: { messageType: null },
  },
  {
    name: 'a CALL of the unknown action "FooBar"',
    raw: '[2,"mf-foobar","FooBar",{}]',
    answerId: "mf-foobar",
    code: "NotImplemented",
    inbound: { messageType: "CALL", action: "FooBar" },
  },
  {
    name: "a CALL of Reset, an action only the central system may send",
    raw: '[2,"mf-reset","Reset",{"type":"Soft"}]',
    answerId: "mf-reset",
    code: "NotSupported",
    inbound: { messageType: "CALL", action: "Reset" },
  },
  {
    name: "a BootNotification without chargePointModel",
    raw: '[2,"mf-boot-model","BootNotification",{"chargePointVendor":"Acme"}]',
    answerId: "mf-boot-model",
    code: "OccurenceConstraintViolation",
    inbound: { messageType: "CALL", action: "BootNotification" },
  },
  {
    name: "a Heartbeat with a property Heartbeat.req does not define",
    raw: '[2,"mf-hb-extra","Heartbeat",{"extra":1}]',
    answerId: "mf-hb-extra",
    code: "FormationViolation",
    inbound: { messageType: "CALL", action: "Heartbeat" },
  },
  {
    name: 'a StatusNotification whose connectorId is the string "1"',
    raw: '[2,"mf-status-type","StatusNotification",{"connectorId":"1","errorCode":"NoError","status":"Available"}]',
    answerId: "mf-status-type",
    code: "TypeConstraintViolation",
    inbound: { messageType: "CALL", action: "StatusNotification" },
  },
  {
    name: "a BootNotification whose chargePointVendor has 21 characters (max 20)",
    raw: `[2,"mf-boot-long","BootNotification",{"chargePointVendor":"${"V".repeat(21)}","chargePointModel":"M"}]`,
    answerId: "mf-boot-long",
    code: "PropertyConstraintViolation",
    inbound: { messageType: "CALL", action: "BootNotification" },
  },
  {
    name: "a CALL with 3 elements instead of 4",
    raw: '[2,"mf-short","Heartbeat"]',
    answerId: "mf-short",
    code: "ProtocolError",
    inbound: { messageType: null },
  },
  {
    name: "a message of the unknown message type 7",
    raw: '[7,"mf-type7","Heartbeat",{}]',
    answerId: "mf-type7",
    code: "ProtocolError",
    inbound: { messageType: null },
  },
  {
    name: "a binary frame (OCPP-J uses text frames only)",
    raw: Buffer.from(heartbeat("mf-binary")),
    answerId: "-1",
    code: "FormationViolation",
    inbound: { messageType: null },
  },
];

describe("each malformed or unacceptable frame is answered with the CALLERROR OCPP-J prescribes", () => {
  for (const testCase of cases) {
    it(`answers ${testCase.name} with [4, "${testCase.answerId}", "${testCase.code}", …] and logs both frames`, async () => {
      const charger = await openCharger();
      const answer = await charger.exchange(testCase.raw);

      expect(answer).toEqual([4, testCase.answerId, testCase.code, expect.any(String), expect.any(Object)]);
      expect((answer[3] as string).length).toBeGreaterThan(0);
      expect(answer[4]).not.toBeInstanceOf(Array);

      // The connection stays usable after one bad frame.
      expect(await charger.exchange(heartbeat("after-bad-frame"))).toEqual([
        3,
        "after-bad-frame",
        { currentTime: expect.any(String) },
      ]);

      const log = await auditLog(charger.identity);
      const rawText = testCase.raw.toString();
      const inbound = log.find((m) => m.direction === "INBOUND" && m.raw === rawText);
      expect(inbound, "the inbound frame is logged with its raw text").toBeDefined();
      if (testCase.inbound.messageType === "CALL") {
        expect(inbound).toMatchObject({
          messageType: "CALL",
          uniqueId: testCase.answerId,
          action: testCase.inbound.action,
        });
      } else {
        // An unreadable frame is logged without a message type, with the error that made it unreadable.
        expect(inbound).toMatchObject({ messageType: null, errorCode: testCase.code });
      }

      const outbound = log.find((m) => m.direction === "OUTBOUND" && m.messageType === "CALLERROR");
      expect(outbound, "the CALLERROR sent back is logged").toBeDefined();
      expect(outbound).toMatchObject({
        uniqueId: testCase.answerId,
        errorCode: testCase.code,
        errorDescription: answer[3],
      });
      expect(JSON.parse(outbound!.raw)).toEqual(answer);

      // Inbound bad frame, our CALLERROR, the Heartbeat and its CALLRESULT, in that order.
      expect(log.map((m) => [m.direction, m.messageType])).toEqual([
        ["INBOUND", testCase.inbound.messageType],
        ["OUTBOUND", "CALLERROR"],
        ["INBOUND", "CALL"],
        ["OUTBOUND", "CALLRESULT"],
      ]);
    });
  }
});

describe("protection against misbehaving charge points", () => {
  it(`tolerates OCPP_MAX_BAD_FRAMES_PER_MINUTE (${MAX_BAD_FRAMES}) malformed frames and closes with 1008 on the next one, while a well-behaved charge point keeps being served`, async () => {
    const noisy = await openCharger(uniqueId("NOISY"));
    const polite = await strictChargePoint();

    for (let i = 1; i <= MAX_BAD_FRAMES; i++) {
      expect(await noisy.exchange(`garbage ${i}`)).toEqual([4, "-1", "FormationViolation", expect.any(String), {}]);
      expect(await polite.call("Heartbeat", {})).toEqual({ currentTime: expect.any(String) });
    }
    // At the limit the noisy charger is still connected and answered.
    expect(await noisy.exchange(heartbeat("still-here"))).toEqual([
      3,
      "still-here",
      { currentTime: expect.any(String) },
    ]);

    // One more is too many: it is still answered, then the connection is closed as a policy violation.
    expect(await noisy.exchange("garbage, one too many")).toEqual([
      4,
      "-1",
      "FormationViolation",
      expect.any(String),
      {},
    ]);
    const { code, reason } = await noisy.closed;
    expect(code).toBe(1008);
    expect(reason).toMatch(/malformed/i);

    expect(await polite.call("Heartbeat", {})).toEqual({ currentTime: expect.any(String) });
    await vi.waitFor(() => expect(app.ocpp.get(noisy.identity)).toBeUndefined());
  });

  it(`closes a connection with 1009 when a frame exceeds OCPP_MAX_FRAME_BYTES (${MAX_FRAME_BYTES}) and keeps serving the others`, async () => {
    const bystander = await strictChargePoint();
    const charger = await openCharger(uniqueId("BIG"));

    // A frame just under the limit is still read (and rejected on its merits).
    const nearLimit = `[2,"near-limit","Heartbeat",{"pad":"${"x".repeat(MAX_FRAME_BYTES - 100)}"}]`;
    expect(Buffer.byteLength(nearLimit)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    expect(await charger.exchange(nearLimit)).toEqual([
      4,
      "near-limit",
      "FormationViolation",
      expect.any(String),
      expect.any(Object),
    ]);

    const oversized = `[2,"too-big","Heartbeat",{"pad":"${"x".repeat(MAX_FRAME_BYTES)}"}]`;
    charger.socket.send(oversized);
    expect((await charger.closed).code).toBe(1009);

    expect(await bystander.call("Heartbeat", {})).toEqual({ currentTime: expect.any(String) });
    const newcomer = await strictChargePoint();
    expect(await newcomer.call("Heartbeat", {})).toEqual({ currentTime: expect.any(String) });
  });
});

describe("the WebSocket handshake", () => {
  it("refuses a handshake that offers neither ocpp2.0.1 nor ocpp1.6 with HTTP 400", async () => {
    expect(await handshakeStatus(`${app.ocppUrl}/${uniqueId("NOPROTO")}`)).toBe(400);
    expect(await handshakeStatus(`${app.ocppUrl}/${uniqueId("NOPROTO")}`, ["ocpp2.1"])).toBe(400);
  });

  it("reports the refusal to a plain ws client as an error with status 400", async () => {
    const error = await new Promise<Error>((resolve) => {
      const socket = new WebSocket(`${app.ocppUrl}/${uniqueId("NOPROTO")}`);
      socket.once("error", resolve);
      socket.once("open", () => resolve(new Error("handshake accepted")));
    });
    expect(error.message).toMatch(/Unexpected server response: 400/);
  });

  it("accepts a handshake offering ocpp1.6 among other subprotocols and selects ocpp1.6", async () => {
    const socket = new WebSocket(`${app.ocppUrl}/${uniqueId("MULTI")}`, ["ocpp1.5", "ocpp1.6", "ocpp2.1"]);
    await new Promise((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    expect(socket.protocol).toBe("ocpp1.6");
    socket.close();
  });

  it("reads the charge point identity from the last path segment, at /{id} and at /ocpp/{id}", async () => {
    const atRoot = uniqueId("ROOT");
    const underOcpp = uniqueId("PATH");
    const rootClient = await connectChargePoint(app, atRoot);
    chargePoints.push(rootClient);
    const pathClient = await connectChargePoint(app, underOcpp, { path: "/ocpp" });
    chargePoints.push(pathClient);

    expect(await rootClient.call("Heartbeat", {})).toEqual({ currentTime: expect.any(String) });
    expect(await pathClient.call("Heartbeat", {})).toEqual({ currentTime: expect.any(String) });
    expect(app.ocpp.connectedIds()).toEqual(expect.arrayContaining([atRoot, underOcpp]));
    expect(app.ocpp.get("ocpp")).toBeUndefined();

    const log = await auditLog(underOcpp);
    expect(log.map((m) => m.messageType)).toEqual(["CALL", "CALLRESULT"]);
  });

  it("refuses a URL without a charge point identity with HTTP 400", async () => {
    expect(await handshakeStatus(`${app.ocppUrl}/`, ["ocpp1.6"])).toBe(400);
    expect(await handshakeStatus(app.ocppUrl, ["ocpp1.6"])).toBe(400);
    expect(await handshakeStatus(`${app.ocppUrl}/?id=CP1`, ["ocpp1.6"])).toBe(400);
  });
});

describe("answers nobody asked for", () => {
  it("ignores a CALLRESULT for an unknown unique id: no answer, the connection stays open, and the frame is logged", async () => {
    const charger = await openCharger();
    const stray = `[3,"${randomUUID()}",{"status":"Accepted"}]`;
    charger.socket.send(stray);
    expect(await staysSilent(charger)).toBe(true);
    expect(charger.socket.readyState).toBe(WebSocket.OPEN);
    expect(await charger.exchange(heartbeat("hb-after-stray"))).toEqual([
      3,
      "hb-after-stray",
      { currentTime: expect.any(String) },
    ]);

    const [logged] = await auditLog(charger.identity);
    expect(logged).toMatchObject({
      direction: "INBOUND",
      messageType: "CALLRESULT",
      uniqueId: JSON.parse(stray)[1],
      action: null,
      raw: stray,
      payload: { status: "Accepted" },
    });
  });

  it("ignores a CALLERROR for an unknown unique id the same way", async () => {
    const charger = await openCharger();
    const stray = '[4,"no-such-call","GenericError","whatever",{}]';
    charger.socket.send(stray);
    expect(await staysSilent(charger)).toBe(true);
    expect(await charger.exchange(heartbeat("hb-after-stray-error"))).toEqual([
      3,
      "hb-after-stray-error",
      { currentTime: expect.any(String) },
    ]);

    const [logged] = await auditLog(charger.identity);
    expect(logged).toMatchObject({
      direction: "INBOUND",
      messageType: "CALLERROR",
      uniqueId: "no-such-call",
      errorCode: "GenericError",
      raw: stray,
    });
  });
});

/**
 * Collects exceptions thrown out of the server's event handlers. In a real process they would be fatal (main.ts has no
 * uncaughtException handler); here they are caught so the test can assert there are none.
 */
function catchUncaughtExceptions() {
  const previous = process.listeners("uncaughtException");
  const caught: unknown[] = [];
  const listener = (error: unknown) => caught.push(error);
  process.removeAllListeners("uncaughtException");
  process.on("uncaughtException", listener);
  return {
    caught,
    restore() {
      process.off("uncaughtException", listener);
      for (const previousListener of previous) process.on("uncaughtException", previousListener);
    },
  };
}

describe("frames containing NUL characters (PostgreSQL text and jsonb cannot hold U+0000)", () => {
  // Each test gets its own server: a frame that breaks the audit log or a socket must not affect the other tests.
  let nulApp: TestApp;
  let uncaught: ReturnType<typeof catchUncaughtExceptions>;

  beforeEach(async () => {
    uncaught = catchUncaughtExceptions();
    nulApp = await startTestApp();
  });

  afterEach(async () => {
    for (const socket of rawSockets.splice(0)) socket.socket.terminate();
    // A wedged socket can keep the server from closing; do not let that hang the run.
    await Promise.race([nulApp.close(), new Promise((resolve) => setTimeout(resolve, 3000))]);
    uncaught.restore();
  });

  /**
   * Sends the frame from a fresh charger and expects the given answer, then checks the audit log still works: nothing
   * is stuck in the buffer, both frames are stored without NUL, and another charger's frames are stored too.
   */
  async function expectStoredAndLogStillWorks(raw: string, expectedAnswer: unknown[]) {
    const charger = await openCharger(uniqueId("NUL"), nulApp);
    charger.socket.send(raw);
    const answer = await charger.nextFrame(1500).catch((error: unknown) => error);
    expect(uncaught.caught.map(String), "exceptions thrown out of the frame handler").toEqual([]);
    expect(answer).toEqual(expectedAnswer);

    await nulApp.audit.flush();
    expect(nulApp.audit.pending, "audit entries stuck in the buffer").toBe(0);
    const log = await auditLog(charger.identity, nulApp);
    expect(log.map((m) => m.direction)).toEqual(["INBOUND", "OUTBOUND"]);
    // No real NUL, and no \u0000 escape (one not preceded by an escaped backslash) anywhere in what was stored.
    // eslint-disable-next-line no-control-regex -- looking for exactly that control character
    for (const message of log) expect(JSON.stringify(message)).not.toMatch(/\u0000|(?<!\\)\\u0000/);

    const other = await openCharger(uniqueId("AFTER-NUL"), nulApp);
    await other.exchange(heartbeat("after-nul"));
    expect(await auditLog(other.identity, nulApp)).toHaveLength(2);
    return { inbound: log[0]!, outbound: log[1]! };
  }

  it("stores a garbage frame containing raw NUL bytes, with U+FFFD in their place", async () => {
    const { inbound } = await expectStoredAndLogStillWorks("\u0000junk\u0000", [
      4,
      "-1",
      "FormationViolation",
      expect.any(String),
      {},
    ]);
    expect(inbound).toMatchObject({ raw: "\uFFFDjunk\uFFFD", messageType: null, errorCode: "FormationViolation" });
  });

  it("stores a CALL whose payload string contains an escaped \\u0000, with U+FFFD in the stored payload", async () => {
    const raw = '[2,"nul-payload","Heartbeat",{"note":"a\\u0000b"}]';
    const { inbound } = await expectStoredAndLogStillWorks(raw, [
      4,
      "nul-payload",
      "FormationViolation",
      expect.any(String),
      expect.any(Object),
    ]);
    expect(inbound).toMatchObject({ raw, messageType: "CALL", action: "Heartbeat", payload: { note: "a\uFFFDb" } });
  });

  // A \u0000 escape as text is not a NUL: it must be stored as sent.
  it("stores a CALL whose payload holds the six characters \\u0000 as text (an escaped backslash, not a NUL)", async () => {
    const raw = '[2,"nul-text","Heartbeat",{"note":"\\\\u0000"}]';
    const { inbound } = await expectStoredAndLogStillWorks(raw, [
      4,
      "nul-text",
      "FormationViolation",
      expect.any(String),
      expect.any(Object),
    ]);
    expect(inbound).toMatchObject({ raw, messageType: "CALL", action: "Heartbeat", payload: { note: "\\u0000" } });
  });

  // A NUL in any stored field (here the action, quoted again in our errorDescription) must not stop the audit log.
  it("stores a CALL whose action name contains an escaped \\u0000", async () => {
    const { inbound, outbound } = await expectStoredAndLogStillWorks('[2,"nul-action","Foo\\u0000Bar",{}]', [
      4,
      "nul-action",
      "NotImplemented",
      expect.any(String),
      {},
    ]);
    expect(inbound).toMatchObject({ messageType: "CALL", action: "Foo\uFFFDBar" });
    expect(outbound).toMatchObject({ errorCode: "NotImplemented" });
  });

  // The same for the unique id of both the CALL and our CALLRESULT.
  it("stores a CALL whose unique id contains an escaped \\u0000", async () => {
    const { inbound, outbound } = await expectStoredAndLogStillWorks('[2,"nul\\u0000id","Heartbeat",{}]', [
      3,
      "nul\u0000id",
      { currentTime: expect.any(String) },
    ]);
    expect(inbound.uniqueId).toBe("nul\uFFFDid");
    expect(outbound.uniqueId).toBe("nul\uFFFDid");
  });
});
