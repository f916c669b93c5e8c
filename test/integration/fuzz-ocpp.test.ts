import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { RPCClient } from "ocpp-rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { parseFrame } from "../../src/ocpp/framing.js";
import { connectChargePoint, startTestApp, type TestApp } from "../helpers/app.js";
import { openRawSocket } from "../helpers/raw-socket.js";

// Fuzzing the OCPP-J endpoint: ~20 raw connections send a few thousand malformed, hostile and valid-looking frames
// while 5 strict chargers run complete transactions. Everything random comes from one seeded generator, so a
// failure reproduces with FUZZ_SEED=<seed> (printed below and in every assertion message).

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32)) >>> 0;
console.log(`fuzz-ocpp: seed ${SEED} (reproduce with FUZZ_SEED=${SEED})`);
const seeded = (message: string) => `${message} [FUZZ_SEED=${SEED}]`;

const FUZZ_CONNECTIONS = 20;
const FRAMES_PER_CONNECTION = 150;
const GOOD_CHARGERS = 5;
/** See "keeps the heap bounded" below for why 64 MB. */
const HEAP_GROWTH_LIMIT_BYTES = 64 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------------------------
// A tiny seeded generator (mulberry32) and the frames it makes
// ---------------------------------------------------------------------------------------------------------------

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float() {
    return this.next();
  }
  /** An integer in [min, max]. */
  int(min: number, max: number) {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number) {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  bytes(length: number) {
    const buffer = Buffer.alloc(length);
    for (let i = 0; i < length; i++) buffer[i] = this.int(0, 255);
    return buffer;
  }
  /** Any characters: ASCII, controls, NUL, accented, CJK, emoji; never a lone surrogate (those come as JSON escapes). */
  text(length: number) {
    const pools = [
      () => String.fromCharCode(this.int(32, 126)),
      () => String.fromCharCode(this.int(0, 31)),
      () => "\u0000",
      () => String.fromCharCode(this.int(0xa0, 0x2ff)),
      () => String.fromCharCode(this.int(0x4e00, 0x9fff)),
      () => String.fromCodePoint(this.int(0x1f600, 0x1f64f)),
      () => this.pick(['"', "\\", "[", "]", "{", "}", ",", ":"]),
    ];
    let out = "";
    for (let i = 0; i < length; i++) out += this.pick(pools)();
    return out;
  }
}

type Frame = { kind: string; data: string | Buffer; binary: boolean };

/** What a fuzzing connection knows while generating. */
type FuzzContext = {
  /** A fresh unique id for a CALL: answers to these are counted. */
  callId(): string;
  /** A fresh unique id for frames that are not CALLs, kept apart so their answers are not counted. */
  otherId(): string;
  /** CALL ids already sent on this connection, for duplicates. */
  sentCallIds: string[];
  /** Transactions of the well-behaved chargers, which fuzzers try to meter and stop. */
  goodTransactionIds: number[];
};

const OCPP_ACTIONS = [
  "Authorize",
  "BootNotification",
  "DataTransfer",
  "DiagnosticsStatusNotification",
  "FirmwareStatusNotification",
  "Heartbeat",
  "MeterValues",
  "StartTransaction",
  "StatusNotification",
  "StopTransaction",
] as const;
const CENTRAL_SYSTEM_ACTIONS = [
  "Reset",
  "RemoteStartTransaction",
  "GetConfiguration",
  "ChangeAvailability",
  "SetChargingProfile",
];
const PROTOTYPE_NAMES = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "__defineGetter__",
];

const now = () => new Date().toISOString();

function validPayload(rng: Random, action: (typeof OCPP_ACTIONS)[number], ctx: FuzzContext): Record<string, unknown> {
  const hostileTransaction = () =>
    ctx.goodTransactionIds.length && rng.chance(0.7) ? rng.pick(ctx.goodTransactionIds) : rng.int(1, 1_000_000);
  switch (action) {
    case "Authorize":
      return { idTag: rng.text(rng.int(1, 5)).slice(0, 20) || "A" };
    case "BootNotification":
      return { chargePointVendor: "Fuzz", chargePointModel: rng.pick(["X", "Y", "Z"]) };
    case "DataTransfer":
      return { vendorId: rng.pick(["com.acme", "x"]), messageId: "m", data: rng.text(rng.int(0, 50)) };
    case "DiagnosticsStatusNotification":
      return { status: rng.pick(["Idle", "Uploaded", "UploadFailed", "Uploading"]) };
    case "FirmwareStatusNotification":
      return { status: rng.pick(["Downloaded", "Idle", "Installed"]) };
    case "Heartbeat":
      return {};
    case "MeterValues":
      return {
        connectorId: rng.int(0, 3),
        transactionId: hostileTransaction(),
        meterValue: [
          {
            timestamp: now(),
            sampledValue: [{ value: String(rng.int(0, 1e6)), measurand: "Energy.Active.Import.Register" }],
          },
        ],
      };
    case "StartTransaction":
      return { connectorId: rng.int(1, 3), idTag: "FUZZTAG", meterStart: rng.int(0, 1e6), timestamp: now() };
    case "StatusNotification":
      return {
        connectorId: rng.int(0, 3),
        errorCode: "NoError",
        status: rng.pick(["Available", "Charging", "Faulted"]),
      };
    case "StopTransaction":
      return { transactionId: hostileTransaction(), meterStop: rng.int(0, 1e6), timestamp: now(), reason: "Other" };
  }
}

/** A random JSON value, sometimes with lone-surrogate escapes, NULs and prototype-looking keys. */
function randomJson(rng: Random, depth = 0): unknown {
  const leaf = () =>
    rng.pick<() => unknown>([
      () => rng.int(-1e9, 1e9),
      () => rng.float() * 10 ** rng.int(-300, 300),
      () => rng.text(rng.int(0, 20)),
      () => rng.chance(0.5),
      () => null,
      () => JSON.parse('"\\ud800 lone"'),
    ])();
  if (depth > 3 || rng.chance(0.4)) return leaf();
  if (rng.chance(0.5)) return Array.from({ length: rng.int(0, 5) }, () => randomJson(rng, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = rng.int(0, 5); i > 0; i--) {
    const key = rng.chance(0.15)
      ? rng.pick(PROTOTYPE_NAMES.filter((name) => name !== "__proto__"))
      : rng.text(rng.int(1, 8));
    object[key] = randomJson(rng, depth + 1);
  }
  return object;
}

/** `[[[...]]]` or `{"a":{"a":...}}` as text, `depth` levels deep. */
function nestedText(rng: Random, depth: number): string {
  return rng.chance(0.5) ? `${"[".repeat(depth)}${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

const FRAME_KINDS: Array<[string, number, (rng: Random, ctx: FuzzContext) => Frame]> = [
  ["random bytes (binary frame)", 6, (rng) => ({ kind: "", data: rng.bytes(rng.int(1, 1024)), binary: true })],
  ["random text", 8, (rng) => ({ kind: "", data: rng.text(rng.int(0, 300)), binary: false })],
  [
    "JSON that is not an array",
    5,
    (rng) => ({ kind: "", data: JSON.stringify(randomJson(rng) ?? null) ?? "null", binary: false }),
  ],
  [
    "an envelope with the wrong shape or types",
    12,
    (rng, ctx) => {
      const id = ctx.otherId();
      const call = ctx.callId();
      const shapes: unknown[][] = [
        [],
        [2],
        [2, call],
        [2, call, "Heartbeat"],
        [2, call, "Heartbeat", {}, "extra"],
        [2, 42, "Heartbeat", {}],
        [2, "", "Heartbeat", {}],
        [2, "x".repeat(rng.int(37, 300)), "Heartbeat", {}],
        [2, call, rng.int(0, 9), {}],
        [2, call, "", {}],
        [2, call, "Heartbeat", []],
        [2, call, "Heartbeat", null],
        [2, call, "Heartbeat", "{}"],
        ["2", id, "Heartbeat", {}],
        [2.5, id, "Heartbeat", {}],
        [rng.pick([0, 1, 5, 99, -1, null, true]), id, "Heartbeat", {}],
        [null, null, null, null],
        [3, id],
        [3, id, []],
        [4, id, "GenericError"],
        [4, id, 5, null, []],
        [randomJson(rng), randomJson(rng), randomJson(rng), randomJson(rng)],
      ];
      return { kind: "", data: JSON.stringify(rng.pick(shapes)), binary: false };
    },
  ],
  [
    "a CALL of an unknown, central-system-only or prototype-named action",
    10,
    (rng, ctx) => {
      const action = rng.pick([
        () => rng.text(rng.int(1, 30)),
        () => rng.pick(CENTRAL_SYSTEM_ACTIONS),
        () => rng.pick(PROTOTYPE_NAMES),
        () => `${rng.pick(OCPP_ACTIONS)}${rng.pick([".req", ".conf", " ", "x"])}`,
      ])();
      return { kind: "", data: JSON.stringify([2, ctx.callId(), action, randomJson(rng, 2) ?? {}]), binary: false };
    },
  ],
  [
    "a CALL of a real action with a wrong payload",
    16,
    (rng, ctx) => {
      const action = rng.pick(OCPP_ACTIONS);
      const payload: Record<string, unknown> = { ...validPayload(rng, action, ctx) };
      const keys = Object.keys(payload);
      const mutation = rng.int(0, 3);
      if (mutation === 0 && keys.length) delete payload[rng.pick(keys)];
      else if (mutation === 1 && keys.length) payload[rng.pick(keys)] = randomJson(rng, 2);
      else if (mutation === 2) payload[rng.text(rng.int(1, 10))] = randomJson(rng, 2);
      else
        return { kind: "", data: JSON.stringify([2, ctx.callId(), action, randomJson(rng, 3) ?? {}]), binary: false };
      return { kind: "", data: JSON.stringify([2, ctx.callId(), action, payload]), binary: false };
    },
  ],
  [
    "a valid CALL (including metering and stopping other stations' transactions)",
    14,
    (rng, ctx) => {
      const action = rng.pick(OCPP_ACTIONS);
      return {
        kind: "",
        data: JSON.stringify([2, ctx.callId(), action, validPayload(rng, action, ctx)]),
        binary: false,
      };
    },
  ],
  [
    "a CALL with huge or non-finite numbers",
    6,
    (rng, ctx) => {
      const big = rng.pick([
        "1e308",
        "1e309",
        "-1e309",
        "123456789012345678901234567890",
        "2147483648",
        "9007199254740993",
        "-0",
        "1.5",
        "1e-400",
      ]);
      const id = JSON.stringify(ctx.callId());
      const data = rng.pick([
        `[2,${id},"StatusNotification",{"connectorId":${big},"errorCode":"NoError","status":"Available"}]`,
        `[2,${id},"StartTransaction",{"connectorId":1,"idTag":"FUZZTAG","meterStart":${big},"timestamp":"${now()}"}]`,
        `[2,${id},"MeterValues",{"connectorId":${big},"meterValue":[{"timestamp":"${now()}","sampledValue":[{"value":"${big}"}]}]}]`,
        `[2,${id},"Heartbeat",{"n":${big}}]`,
      ]);
      return { kind: "", data, binary: false };
    },
  ],
  [
    "deeply nested arrays and objects",
    6,
    (rng, ctx) => {
      const depth = rng.pick([64, 150, 1000, 10_000, 50_000]);
      const nested = nestedText(rng, depth);
      const id = JSON.stringify(ctx.callId());
      const data = rng.pick([
        nested,
        `[2,${id},"DataTransfer",{"vendorId":"x","data":${nested}}]`,
        `[2,${id},"Heartbeat",${nested.startsWith("{") ? nested : `{"a":${nested}}`}]`,
        `[3,${JSON.stringify(ctx.otherId())},{"a":${nested}}]`,
      ]);
      return { kind: "", data, binary: false };
    },
  ],
  [
    "a CALL that repeats an earlier unique id",
    6,
    (rng, ctx) => {
      const id = ctx.sentCallIds.length ? rng.pick(ctx.sentCallIds) : ctx.callId();
      const payload = rng.chance(0.5) ? {} : { unexpected: true };
      return { kind: "", data: JSON.stringify([2, id, "Heartbeat", payload]), binary: false };
    },
  ],
  [
    "oversized strings",
    3,
    (rng, ctx) => {
      const size = rng.int(10_000, 200_000);
      const data = rng.pick([
        () => JSON.stringify([2, ctx.callId(), "DataTransfer", { vendorId: "x", data: "D".repeat(size) }]),
        () => JSON.stringify([2, ctx.callId(), "A".repeat(size), {}]),
        () => JSON.stringify([2, "I".repeat(size), "Heartbeat", {}]),
        () => JSON.stringify([2, ctx.callId(), "Authorize", { idTag: "T".repeat(size) }]),
        () =>
          JSON.stringify([
            2,
            ctx.callId(),
            "Heartbeat",
            Object.fromEntries(Array.from({ length: size / 20 }, (_, i) => [`k${i}`, i])),
          ]),
      ])();
      return { kind: "", data, binary: false };
    },
  ],
  [
    "answers for calls nobody made",
    4,
    (rng, ctx) => {
      const id = ctx.otherId();
      const data = rng.pick([
        JSON.stringify([3, id, {}]),
        JSON.stringify([3, id, randomJson(rng, 2) ?? {}]),
        JSON.stringify([4, id, "GenericError", "nobody asked", {}]),
        JSON.stringify([4, randomUUID(), "InternalError", "", { detail: randomJson(rng, 2) ?? null }]),
      ]);
      return { kind: "", data, binary: false };
    },
  ],
  [
    "prototype pollution and lone surrogates",
    4,
    (rng, ctx) => {
      const id = JSON.stringify(ctx.callId());
      const data = rng.pick([
        `[2,${id},"Heartbeat",{"__proto__":{"polluted":"yes"}}]`,
        `[2,${id},"BootNotification",{"chargePointVendor":"x","chargePointModel":"y","__proto__":{"polluted":"yes"}}]`,
        `[2,${id},"BootNotification",{"constructor":{"prototype":{"polluted":"yes"}},"chargePointVendor":"x","chargePointModel":"y"}]`,
        `[2,${id},"__proto__",{"polluted":"yes"}]`,
        `[2,${JSON.stringify(`${ctx.callId()}`)}, "Authorize", {"idTag":"\\ud800"}]`,
        `[2,"${ctx.callId()}\\udc00","Heartbeat",{}]`,
        `[2,${id},"\\ud83d","\\u0000"]`,
        `[2,${id},"DataTransfer",{"vendorId":"\\u0000\\ud800","data":"\\u0000"}]`,
      ]);
      return { kind: "", data, binary: false };
    },
  ],
];
const TOTAL_WEIGHT = FRAME_KINDS.reduce((sum, [, weight]) => sum + weight, 0);

function generateFrame(rng: Random, ctx: FuzzContext): Frame {
  let roll = rng.float() * TOTAL_WEIGHT;
  for (const [kind, weight, make] of FRAME_KINDS) {
    roll -= weight;
    if (roll < 0) return { ...make(rng, ctx), kind };
  }
  const [kind, , make] = FRAME_KINDS[0]!;
  return { ...make(rng, ctx), kind };
}

/** The unique id the server must answer: a text frame that reads as `[2, "<1 to 36 characters>", ...]`. */
function answerableId(frame: Frame): string | undefined {
  if (frame.binary) return undefined;
  let message: unknown;
  try {
    message = JSON.parse(frame.data as string);
  } catch {
    return undefined;
  }
  if (!Array.isArray(message) || message[0] !== 2) return undefined;
  const id = message[1];
  return typeof id === "string" && id.length >= 1 && id.length <= 36 ? id : undefined;
}

/** True when the server's framing layer refuses the frame (what counts against OCPP_MAX_BAD_FRAMES_PER_MINUTE). */
/** A frame that counts as bad: unreadable, or a reply (nothing the server asked a fuzzer is ever outstanding). */
function isMalformed(frame: Frame): boolean {
  if (frame.binary) return true;
  try {
    return parseFrame(frame.data as string).messageType !== "CALL";
  } catch {
    return true;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Fuzzing connections and well-behaved chargers
// ---------------------------------------------------------------------------------------------------------------

type FuzzReport = {
  identity: string;
  framesSent: number;
  bytesSent: number;
  /** Frames the server's framing layer refuses, sent before the close was seen. */
  malformedSent: number;
  /** Set when the server closed the connection (not when the fuzzer did). */
  closed: { code: number; reason: string } | undefined;
  expected: Map<string, number>;
  received: Map<string, number>;
  kinds: Map<string, number>;
  stalled: string[];
};

async function fuzzConnection(
  app: TestApp,
  index: number,
  goodTransactionIds: number[],
  frames: number,
): Promise<FuzzReport> {
  const rng = new Random((SEED + index * 0x9e3779b9) >>> 0);
  const prefix = `f${index}`;
  const identity = `FUZZ-${SEED}-${index}-${randomUUID().slice(0, 4)}`;
  const socket = new WebSocket(`${app.ocppUrl}/${identity}`, ["ocpp1.6"], { maxPayload: 64 * 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  let counter = 0;
  const ctx: FuzzContext = {
    callId: () => `${prefix}.${counter++}`,
    otherId: () => `${prefix}x${counter++}`,
    sentCallIds: [],
    goodTransactionIds,
  };
  const report: FuzzReport = {
    identity,
    framesSent: 0,
    bytesSent: 0,
    malformedSent: 0,
    closed: undefined,
    expected: new Map(),
    received: new Map(),
    kinds: new Map(),
    stalled: [],
  };
  const wakers: Array<() => void> = [];
  const wake = () => wakers.splice(0).forEach((waker) => waker());
  /** Resolves on the next frame or close from the server, or after timeoutMs. */
  const change = (timeoutMs: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      wakers.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  socket.on("message", (data) => {
    const frame = JSON.parse(data.toString()) as unknown[];
    if (frame[0] === 3 || frame[0] === 4) {
      const id = String(frame[1]);
      report.received.set(id, (report.received.get(id) ?? 0) + 1);
    }
    wake();
  });
  socket.on("close", (code, reason) => {
    report.closed = { code, reason: reason.toString() };
    wake();
  });
  socket.on("error", () => undefined);

  const answered = (ids: string[]) =>
    ids.every((id) => (report.received.get(id) ?? 0) >= (report.expected.get(id) ?? 0));
  while (report.framesSent < frames && !report.closed) {
    const waitingFor: string[] = [];
    // Bursts of up to 25 frames: well below the 100 CALLs that may wait for their turn.
    for (let burst = rng.int(1, 25); burst > 0 && report.framesSent < frames && !report.closed; burst--) {
      const frame = generateFrame(rng, ctx);
      const id = answerableId(frame);
      if (id !== undefined) {
        report.expected.set(id, (report.expected.get(id) ?? 0) + 1);
        waitingFor.push(id);
        if (id.startsWith(`${prefix}.`)) ctx.sentCallIds.push(id);
      }
      if (isMalformed(frame)) report.malformedSent++;
      report.kinds.set(frame.kind, (report.kinds.get(frame.kind) ?? 0) + 1);
      report.framesSent++;
      report.bytesSent += typeof frame.data === "string" ? Buffer.byteLength(frame.data) : frame.data.length;
      socket.send(frame.data, { binary: frame.binary });
    }
    const deadline = Date.now() + 15_000;
    while (!report.closed && !answered(waitingFor) && Date.now() < deadline) {
      await change(deadline - Date.now());
    }
    if (!report.closed && !answered(waitingFor)) {
      report.stalled.push(
        ...waitingFor.filter((id) => (report.received.get(id) ?? 0) < (report.expected.get(id) ?? 0)),
      );
    }
  }
  if (!report.closed) {
    // The server answers a connection's CALLs strictly in order (and a bad frame as it arrives): once a last CALL is
    // answered, a second (wrong) answer to anything sent before it would have shown up.
    const last = `${prefix}.last`;
    report.expected.set(last, 1);
    socket.send(JSON.stringify([2, last, "Heartbeat", {}]));
    const deadline = Date.now() + 15_000;
    while (!report.closed && !answered([last]) && Date.now() < deadline) await change(deadline - Date.now());
  }
  if (!report.closed) {
    const closing = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.close();
    await closing;
    report.closed = undefined; // closed by us, not by the server
  }
  return report;
}

type Session = { transactionId: number; meterStart: number; meterStop: number; samples: number[] };
/** `error` is the first call that failed: a well-behaved charger must never see one. */
type GoodReport = { identity: string; sessions: Session[]; error?: string };

const ID_TAG = "FUZZ-GOOD";

/** A strict charger that boots and runs full transactions (start, meter values, stop) until told to stop. */
async function goodCharger(app: TestApp, index: number, keepGoing: () => boolean, goodTransactionIds: number[]) {
  const identity = `GOOD-${SEED}-${index}-${randomUUID().slice(0, 4)}`;
  const client: RPCClient = await connectChargePoint(app, identity);
  const call = (action: string, payload: object) => client.call(action, payload) as Promise<any>;
  const report: GoodReport = { identity, sessions: [] };
  try {
    expect((await call("BootNotification", { chargePointVendor: "Acme", chargePointModel: "Good" })).status).toBe(
      "Accepted",
    );
    await call("StatusNotification", { connectorId: 1, errorCode: "NoError", status: "Available" });
    let meter = 10_000 * (index + 1);
    do {
      expect((await call("Authorize", { idTag: ID_TAG })).idTagInfo.status).toBe("Accepted");
      const meterStart = meter;
      const started = await call("StartTransaction", { connectorId: 1, idTag: ID_TAG, meterStart, timestamp: now() });
      const transactionId = started.transactionId as number;
      goodTransactionIds.push(transactionId);
      await call("StatusNotification", { connectorId: 1, errorCode: "NoError", status: "Charging" });
      const samples: number[] = [];
      for (let i = 0; i < 3; i++) {
        meter += 250;
        samples.push(meter);
        await call("MeterValues", {
          connectorId: 1,
          transactionId,
          meterValue: [
            {
              timestamp: now(),
              sampledValue: [{ value: String(meter), measurand: "Energy.Active.Import.Register", unit: "Wh" }],
            },
          ],
        });
        // A charger samples over time, not several times within one millisecond (the charger's pace, not a wait).
        await delay(20);
      }
      meter += 100;
      await call("StopTransaction", {
        transactionId,
        meterStop: meter,
        timestamp: now(),
        reason: "Local",
        idTag: ID_TAG,
      });
      await call("StatusNotification", { connectorId: 1, errorCode: "NoError", status: "Available" });
      report.sessions.push({ transactionId, meterStart, meterStop: meter, samples });
    } while (keepGoing() || report.sessions.length < 2);
  } catch (error) {
    // Kept for the assertions rather than thrown while the fuzzers are still running.
    const { rpcErrorCode, message } = error as { rpcErrorCode?: string; message?: string };
    report.error = `${rpcErrorCode ?? "Error"}: ${message ?? String(error)} (after ${report.sessions.length} transactions)`;
  } finally {
    await client.close({ force: true });
  }
  return report;
}

function collectGarbage(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    setFlagsFromString("--expose-gc");
    return runInNewContext("gc") as () => void;
  } catch {
    return () => undefined;
  }
}
const gc = collectGarbage();
const heapUsed = async () => {
  // Collections a few event-loop turns apart, so that what closed sockets and finished requests let go is freed
  // before the heap is read (a measurement, not a wait for a condition).
  for (let i = 0; i < 3; i++) {
    gc();
    await delay(20);
  }
  return process.memoryUsage().heapUsed;
};

async function expectAlive(app: TestApp) {
  const health = await fetch(`http://127.0.0.1:${app.httpPort}/health`);
  expect(health.status, seeded("/health")).toBe(200);
  expect(await health.json()).toEqual({ status: "ok", database: "up" });
  const client = await connectChargePoint(app, `AFTER-${randomUUID().slice(0, 8)}`);
  try {
    const heartbeat = (await client.call("Heartbeat", {})) as { currentTime: string };
    expect(Number.isNaN(Date.parse(heartbeat.currentTime))).toBe(false);
  } finally {
    await client.close({ force: true });
  }
}

async function expectTransactionsComplete(app: TestApp, reports: GoodReport[]) {
  for (const { identity, sessions, error } of reports) {
    expect(error, seeded(`${identity}: a call of the well-behaved charger failed`)).toBeUndefined();
    expect(sessions.length, seeded(`${identity} ran transactions`)).toBeGreaterThanOrEqual(2);
    for (const session of sessions) {
      const stored = await app.db.transaction.findUnique({
        where: { transactionId: session.transactionId },
        include: { meterValues: { orderBy: { id: "asc" } } },
      });
      const where = seeded(`${identity} transaction ${session.transactionId}`);
      expect(stored, where).not.toBeNull();
      expect(stored!.chargePointId, where).toBe(identity);
      expect(stored!.meterStart, where).toBe(BigInt(session.meterStart));
      // Set by this charger's own StopTransaction, not by a fuzzer's forged one.
      expect(stored!.meterStop, where).toBe(BigInt(session.meterStop));
      expect(stored!.stopReason, where).toBe("Local");
      expect(stored!.stoppedAt, where).not.toBeNull();
      // Exactly this charger's readings: fuzzers metering the same transactionId must not have added any.
      expect(
        stored!.meterValues.map((value) => Number(value.value)),
        where,
      ).toEqual(session.samples);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The campaign with the malformed-frame limit out of the way
// ---------------------------------------------------------------------------------------------------------------

describe("fuzzing the OCPP endpoint with the malformed-frame limit raised out of the way", () => {
  let app: TestApp;
  let fuzzReports: FuzzReport[];
  let goodReports: GoodReport[];
  let heapGrowth: number;
  let durationMs: number;

  beforeAll(async () => {
    app = await startTestApp({
      OCPP_MAX_BAD_FRAMES_PER_MINUTE: "1000000",
      // Fuzzers pace themselves in bursts; the token bucket is not what this run is about.
      OCPP_MAX_MESSAGES_PER_SECOND: "100000",
    });
    await app.db.idTag.upsert({
      where: { idTag: ID_TAG },
      create: { idTag: ID_TAG, status: "Accepted" },
      update: { status: "Accepted" },
    });
    // Warm up (JIT, Prisma, ajv) before the baseline, so the comparison measures the run rather than first use.
    await expectAlive(app);
    const heapBefore = await heapUsed();

    const started = performance.now();
    const goodTransactionIds: number[] = [];
    let fuzzing = true;
    const good = Array.from({ length: GOOD_CHARGERS }, (_, i) =>
      goodCharger(app, i, () => fuzzing, goodTransactionIds),
    );
    fuzzReports = await Promise.all(
      Array.from({ length: FUZZ_CONNECTIONS }, (_, i) =>
        fuzzConnection(app, i, goodTransactionIds, FRAMES_PER_CONNECTION),
      ),
    );
    fuzzing = false;
    goodReports = await Promise.all(good);
    durationMs = performance.now() - started;

    await app.audit.flush();
    heapGrowth = (await heapUsed()) - heapBefore;
    const kinds = new Map<string, number>();
    for (const report of fuzzReports) for (const [kind, n] of report.kinds) kinds.set(kind, (kinds.get(kind) ?? 0) + n);
    console.log(
      `fuzz-ocpp [seed ${SEED}]: ${fuzzReports.reduce((n, r) => n + r.framesSent, 0)} frames ` +
        `(${(fuzzReports.reduce((n, r) => n + r.bytesSent, 0) / 1e6).toFixed(1)} MB) on ${FUZZ_CONNECTIONS} connections, ` +
        `${goodReports.reduce((n, r) => n + r.sessions.length, 0)} good transactions, ${(durationMs / 1000).toFixed(1)} s, ` +
        `heap growth ${(heapGrowth / 1e6).toFixed(1)} MB\n` +
        [...kinds].map(([kind, n]) => `  ${String(n).padStart(5)} × ${kind}`).join("\n"),
    );
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it("keeps the server up: /health answers and a new charger connects and is answered afterwards", async () => {
    await expectAlive(app);
    expect(({} as Record<string, unknown>).polluted, seeded("Object.prototype polluted")).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted")).toBe(false);
  });

  it("answers every CALL with a readable unique id exactly once per time it was sent (CALLRESULT or CALLERROR)", () => {
    const problems: string[] = [];
    for (const report of fuzzReports) {
      if (report.closed) {
        problems.push(`${report.identity} was closed by the server: ${report.closed.code} ${report.closed.reason}`);
        continue;
      }
      for (const [id, times] of report.expected) {
        const answers = report.received.get(id) ?? 0;
        if (answers !== times)
          problems.push(`${report.identity} ${JSON.stringify(id)}: sent ${times}×, answered ${answers}×`);
      }
      const prefix = `f${fuzzReports.indexOf(report)}.`;
      for (const [id, answers] of report.received) {
        if (id.startsWith(prefix) && !report.expected.has(id))
          problems.push(`${report.identity} ${id}: answered ${answers}× but never sent as a CALL`);
      }
    }
    expect(problems.slice(0, 20), seeded(`${problems.length} problems`)).toEqual([]);
    const totalExpected = fuzzReports.reduce((n, r) => n + [...r.expected.values()].reduce((a, b) => a + b, 0), 0);
    expect(totalExpected).toBeGreaterThan(FUZZ_CONNECTIONS * FRAMES_PER_CONNECTION * 0.3);
  });

  it("answers without stalling: no CALL waited more than 15 s for its answer", () => {
    const stalled = fuzzReports.flatMap((report) => report.stalled.map((id) => `${report.identity} ${id}`));
    expect(stalled.slice(0, 20), seeded(`${stalled.length} stalled`)).toEqual([]);
  });

  it("records every well-behaved charger's transactions completely, untouched by forged meter values and stops", async () => {
    await expectTransactionsComplete(app, goodReports);
  });

  it(`keeps the heap bounded: growth over the run stays under ${HEAP_GROWTH_LIMIT_BYTES / 1024 / 1024} MB`, () => {
    // The server runs in this process, so heapUsed covers it (plus the test's own bookkeeping: a few MB of ids and
    // counters). It is measured after a forced GC, once every fuzzing socket is closed and the audit log flushed, so
    // nothing the run sent needs to stay alive: inbound queues, bad-frame windows and pending calls belonged to
    // closed connections, and the audit buffer should be empty. A healthy run grows the heap by about 5 MB (Prisma's
    // and pg's pooled buffers, compiled code). The run sends ~18 MB of frames, which take ~100 MB once parsed
    // (deeply nested payloads above all), so 64 MB is >10× the healthy growth yet well below what retaining the
    // run's frames costs: a server that keeps them (per connection, or in an audit buffer that never drains) fails.
    expect(heapGrowth, seeded(`heap grew by ${(heapGrowth / 1e6).toFixed(1)} MB`)).toBeLessThan(
      HEAP_GROWTH_LIMIT_BYTES,
    );
  });

  it("keeps writing the audit log: everything the chargers exchanged is stored once the log is flushed", async () => {
    await app.audit.flush();
    expect(app.audit.pending, seeded("audit log entries still unwritten after flush")).toBe(0);
    for (const { identity, sessions } of goodReports) {
      const stops = await app.db.ocppMessage.count({
        where: { chargePointId: identity, action: "StopTransaction", messageType: "CALL" },
      });
      expect(stops, seeded(`${identity}: StopTransaction CALLs in the audit log`)).toBe(sessions.length);
    }
  });

  it("finishes within the time budget", () => {
    expect(durationMs).toBeLessThan(60_000);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The same frames against a low malformed-frame limit
// ---------------------------------------------------------------------------------------------------------------

describe("fuzzing the OCPP endpoint with a low malformed-frame limit (OCPP_MAX_BAD_FRAMES_PER_MINUTE=10)", () => {
  const LIMIT = 10;
  let app: TestApp;
  let fuzzReports: FuzzReport[];
  let goodReports: GoodReport[];

  beforeAll(async () => {
    app = await startTestApp({ OCPP_MAX_BAD_FRAMES_PER_MINUTE: String(LIMIT), OCPP_MAX_MESSAGES_PER_SECOND: "100000" });
    await app.db.idTag.upsert({
      where: { idTag: ID_TAG },
      create: { idTag: ID_TAG, status: "Accepted" },
      update: { status: "Accepted" },
    });
    const goodTransactionIds: number[] = [];
    let fuzzing = true;
    const good = Array.from({ length: 3 }, (_, i) => goodCharger(app, 100 + i, () => fuzzing, goodTransactionIds));
    fuzzReports = await Promise.all(
      Array.from({ length: FUZZ_CONNECTIONS }, (_, i) => fuzzConnection(app, 1000 + i, goodTransactionIds, 300)),
    );
    fuzzing = false;
    goodReports = await Promise.all(good);
  }, 90_000);

  afterAll(async () => {
    await app?.close();
  });

  it(`closes every abusive connection with 1008 once it sent more than ${LIMIT} malformed frames or replies to nothing`, () => {
    for (const report of fuzzReports) {
      const where = seeded(`${report.identity} (${report.malformedSent} malformed of ${report.framesSent})`);
      expect(report.closed, where).toEqual({
        code: 1008,
        reason: expect.stringMatching(/^Too many (malformed frames|replies to no outstanding call)$/),
      });
      expect(report.malformedSent, where).toBeGreaterThan(LIMIT);
    }
  });

  it("still answers the readable CALLs of an abusive connection at most once each", () => {
    for (const report of fuzzReports) {
      for (const [id, answers] of report.received) {
        const sent = report.expected.get(id);
        if (sent !== undefined) expect(answers, seeded(`${report.identity} ${id}`)).toBeLessThanOrEqual(sent);
      }
    }
  });

  it("keeps serving the well-behaved chargers and new connections", async () => {
    await expectTransactionsComplete(app, goodReports);
    await expectAlive(app);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Frames the fuzzer found troublesome, one at a time
// ---------------------------------------------------------------------------------------------------------------

describe("pathological but well-formed frames", () => {
  const depth = (n: number) => `{"vendorId":"x","data":"y","extra":${"[".repeat(n)}${"]".repeat(n)}}`;
  it.each([
    ["a payload nested 200 levels deep", `[2,"poison","DataTransfer",${depth(200)}]`],
    ["a payload nested 20 000 levels deep", `[2,"poison","DataTransfer",${depth(20_000)}]`],
    ["a unique id that is a lone UTF-16 surrogate (\\ud800)", `[2,"\\ud800","Heartbeat",{}]`],
    ["a payload string with a lone surrogate", `[2,"poison","Authorize",{"idTag":"\\udc00"}]`],
  ])("answers a CALL with %s and keeps writing the audit log afterwards", async (_name, poison) => {
    const app = await startTestApp();
    try {
      const identity = `POISON-${randomUUID().slice(0, 8)}`;
      const socket = await openRawSocket(`${app.ocppUrl}/${identity}`);
      const answer = await socket.exchange(poison);
      expect([3, 4]).toContain(answer[0]);
      expect(answer[1]).toBe((JSON.parse(poison) as unknown[])[1]);
      expect((await socket.exchange(`[2,"after","Heartbeat",{}]`)).slice(0, 2)).toEqual([3, "after"]);
      socket.close();

      await app.audit.flush();
      expect(app.audit.pending, "audit log entries left unwritten").toBe(0);
      const after = await app.db.ocppMessage.count({ where: { chargePointId: identity, uniqueId: "after" } });
      expect(after, "the Heartbeat sent after the pathological frame is in the audit log").toBe(2);
    } finally {
      await app.close();
    }
  });
});

describe("one charger's out-of-range numbers and the other chargers' messages", () => {
  // OCPP's schemas only say "integer": 2147483648 is valid OCPP but beyond PostgreSQL's int. Whatever the central
  // system does with such a message, the messages of other chargers that arrive at the same moment must not suffer.
  it.each([
    [
      "a StatusNotification for connector 2147483648",
      `"StatusNotification",{"connectorId":2147483648,"errorCode":"NoError","status":"Available"}`,
    ],
    [
      "MeterValues for transaction 2147483648",
      `"MeterValues",{"connectorId":1,"transactionId":2147483648,"meterValue":[{"timestamp":"2025-01-01T00:00:00Z","sampledValue":[{"value":"1"}]}]}`,
    ],
    [
      "MeterValues for connector 2147483648",
      `"MeterValues",{"connectorId":2147483648,"meterValue":[{"timestamp":"2025-01-01T00:00:00Z","sampledValue":[{"value":"1"}]}]}`,
    ],
  ])("answers another charger's simultaneous messages normally while one sends %s", async (_name, hostileCall) => {
    const app = await startTestApp();
    const sockets: Array<Awaited<ReturnType<typeof openRawSocket>>> = [];
    try {
      const hostile = await openRawSocket(`${app.ocppUrl}/HOSTILE-${randomUUID().slice(0, 8)}`);
      const good = await openRawSocket(`${app.ocppUrl}/GOOD-${randomUUID().slice(0, 8)}`);
      sockets.push(hostile, good);
      const goodAnswers: unknown[][] = [];
      for (let round = 0; round < 20; round++) {
        // Sent in the same tick, so both arrive while the server is still collecting one batch of writes.
        hostile.socket.send(`[2,"h-${round}",${hostileCall}]`);
        good.socket.send(
          `[2,"g-${round}","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available"}]`,
        );
        const [hostileAnswer, goodAnswer] = await Promise.all([hostile.nextFrame(), good.nextFrame()]);
        expect(hostileAnswer[1]).toBe(`h-${round}`);
        goodAnswers.push(goodAnswer);
      }
      const failed = goodAnswers.filter((answer) => answer[0] !== 3);
      expect(failed, `${failed.length} of 20 answers to the well-behaved charger were errors`).toEqual([]);
    } finally {
      for (const socket of sockets) socket.close();
      await app.close();
    }
  });
});
