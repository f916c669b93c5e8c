import { randomUUID } from "node:crypto";
import type { RPCClient } from "ocpp-rpc";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type ChargePointOptions, connectChargePoint } from "../helpers/app.js";
import { type GraphQLResponse, graphqlAs } from "../helpers/graphql.js";
import { killServers, type Server, startServer } from "../helpers/server-process.js";
import { ownDatabase } from "../helpers/own-database.js";

// A database of its own: a server process marks every station of its database disconnected when it starts.
const database = ownDatabase("ocpp_shutdown_test");
beforeAll(() => database.create({ migrated: true }));
afterAll(() => database.drop());

// Graceful shutdown of the real server process (src/main.ts): SIGTERM while chargers are busy and a GraphQL command
// waits for a charger's answer. Chargers must see 1001, the process must exit 0, and every frame a charger got an
// answer to must be in the audit log, exactly as it was sent.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(killServers);

type Frame = { message: string; outbound: boolean };

/** A test charger that keeps every raw frame it sends and receives (the server sends nothing before the first call). */
async function charger(server: Server, identity: string, options: ChargePointOptions = {}) {
  const client = await connectChargePoint(server, identity, { callConcurrency: 4, ...options });
  const frames: Frame[] = [];
  client.on("message", (frame: Frame) => frames.push(frame));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    client.once("close", (event: { code: number; reason: string }) => resolve(event)),
  );
  return { identity, client, frames, closed };
}

/** Sends a mix of charger messages until the connection goes; resolves with the number of answered calls. */
async function busy(client: RPCClient, identity: string, stop: { stopped: boolean }, lane: number): Promise<number> {
  let answered = 0;
  for (let i = 0; !stop.stopped; i++) {
    const timestamp = new Date().toISOString();
    const calls: Array<[string, object]> = [
      ["Heartbeat", {}],
      ["StatusNotification", { connectorId: 1 + (lane % 2), errorCode: "NoError", status: "Available", timestamp }],
      [
        "MeterValues",
        {
          connectorId: 1,
          meterValue: [
            { timestamp, sampledValue: [{ value: String(i * 10), measurand: "Energy.Active.Import.Register" }] },
          ],
        },
      ],
      ["Authorize", { idTag: `TAG-${lane}` }],
      ["DataTransfer", { vendorId: "com.example", messageId: "ping", data: identity }],
    ];
    const [action, payload] = calls[(i + lane) % calls.length]!;
    try {
      await client.call(action, payload);
      answered++;
    } catch {
      break;
    }
  }
  return answered;
}

type AuditRow = {
  charge_point_id: string;
  direction: string;
  message_type: string | null;
  unique_id: string | null;
  raw: string;
};

async function auditRows(identities: string[]): Promise<AuditRow[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const result = await client.query<AuditRow>(
      "SELECT charge_point_id, direction, message_type, unique_id, raw FROM ocpp_messages WHERE charge_point_id = ANY($1)",
      [identities],
    );
    return result.rows;
  } finally {
    await client.end();
  }
}

const MESSAGE_TYPE = { 2: "CALL", 3: "CALLRESULT", 4: "CALLERROR" } as Record<number, string>;
const parse = (raw: string) => {
  const frame = JSON.parse(raw) as [number, string, ...unknown[]];
  return { messageType: MESSAGE_TYPE[frame[0]]!, uniqueId: frame[1] };
};

describe("SIGTERM", () => {
  it("closes chargers with 1001, exits 0 and loses no answered frame, with traffic and a command in flight", async () => {
    const server = await startServer({ DATABASE_URL: database.url });
    const run = randomUUID().slice(0, 6);
    const chargers = await Promise.all(
      Array.from({ length: 8 }, (_, index) => charger(server, `SHUT-${run}-${index}`)),
    );
    const identities = chargers.map((c) => c.identity);
    for (const { client } of chargers) {
      await client.call("BootNotification", { chargePointVendor: "Acme", chargePointModel: "Volt 22" });
    }

    // The command's charger takes its time to answer: the command is still waiting when SIGTERM comes.
    const slow = chargers[0]!;
    let commandArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (commandArrived = resolve));
    slow.client.handle("GetConfiguration", async () => {
      commandArrived();
      // Never answers: the server stops while the command waits.
      return new Promise<Record<string, unknown>>(() => {});
    });

    const stop = { stopped: false };
    const traffic = chargers.flatMap(({ client, identity }) =>
      [0, 1, 2, 3].map((lane) => busy(client, identity, stop, lane)),
    );
    const command = graphqlAs(
      server.graphqlUrl,
      undefined,
      `mutation ($id: String!) { getConfiguration(chargePointId: $id) { unknownKey } }`,
      { id: slow.identity },
    ).catch((error: Error) => ({
      status: 0,
      body: { errors: [{ message: `request failed: ${error.message}` }] } as GraphQLResponse,
    }));

    await arrived;
    // Let the traffic run until every charger has calls answered (enough for the counts checked below) and calls in
    // flight.
    const fewestAnswered = () =>
      Math.min(...chargers.map((c) => c.frames.filter((f) => !f.outbound && !f.message.startsWith("[2,")).length));
    await expect.poll(fewestAnswered, { timeout: 20_000 }).toBeGreaterThan(30);

    const signalledAt = performance.now();
    server.child.kill("SIGTERM");
    const exit = await server.exited;
    const shutdownMs = performance.now() - signalledAt;
    stop.stopped = true;
    const closes = await Promise.all(chargers.map((c) => c.closed));
    const answeredCalls = await Promise.all(traffic);
    const commandResult = await command;

    expect(exit).toEqual({ code: 0, signal: null });
    expect(shutdownMs).toBeLessThan(10_000);
    expect(closes).toEqual(chargers.map(() => ({ code: 1001, reason: "Central system shutting down" })));
    expect(answeredCalls.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
    const messages = server.logs.map((entry) => entry.msg);
    expect(messages).toContain("Stopped cleanly");
    expect(messages).not.toContain("Audit log entries could not be written");
    expect(messages).not.toContain("Audit log write failed, will retry");

    // The command waited for a charger that went away: the API says so in a GraphQL error, not a dropped request.
    expect(commandResult.status).toBe(200);
    expect(commandResult.body.errors?.[0]?.extensions?.code).toBe("STATION_NOT_CONNECTED");

    const rows = await auditRows(identities);
    const stored = new Map(
      rows.map((row) => [`${row.charge_point_id} ${row.direction} ${row.message_type} ${row.unique_id}`, row]),
    );
    let checked = 0;
    for (const { identity, frames } of chargers) {
      const sentCalls = new Map(
        frames
          .filter((f) => f.outbound && f.message.startsWith("[2,"))
          .map((f) => [parse(f.message).uniqueId, f.message]),
      );
      for (const frame of frames.filter((f) => !f.outbound)) {
        const { messageType, uniqueId } = parse(frame.message);
        // What the central system said to the charger, byte for byte.
        const answer = stored.get(`${identity} OUTBOUND ${messageType} ${uniqueId}`);
        expect(answer, `${identity} got ${frame.message} but it is not in ocpp_messages`).toBeDefined();
        expect(answer!.raw).toBe(frame.message);
        if (messageType !== "CALL") {
          // ...and the charger's call it answered.
          const call = stored.get(`${identity} INBOUND CALL ${uniqueId}`);
          expect(call, `${identity}'s call ${uniqueId} was answered but is not in ocpp_messages`).toBeDefined();
          expect(call!.raw).toBe(sentCalls.get(uniqueId));
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
    // The command reached the charger, so its CALL is in the log too (attributed to the anonymous admin: no actor).
    expect(
      rows.some(
        (row) =>
          row.charge_point_id === slow.identity &&
          row.direction === "OUTBOUND" &&
          row.raw.includes('"GetConfiguration"'),
      ),
    ).toBe(true);
  }, 60_000);
  it("stops even when chargers reconnect while it waits for a peer that does not answer the close", async () => {
    const server = await startServer({ DATABASE_URL: database.url });
    const run = randomUUID().slice(0, 6);
    // A peer whose socket stopped reading: it never answers the close frame, so the server waits for it (2 s).
    const stalled = new WebSocket(`ws://127.0.0.1:${server.ocppPort}/SHUT-${run}-stalled`, ["ocpp1.6"]);
    await new Promise((resolve, reject) => stalled.once("open", resolve).once("error", reject));
    // Chargers that reconnect soon after losing the socket (ocpp-rpc's default is about a second), here within that wait.
    const backoff = { initialDelay: 300, maxDelay: 1000, factor: 1.5, randomisationFactor: 0 };
    const chargers = await Promise.all(
      [0, 1, 2].map((index) => charger(server, `SHUT-${run}-r${index}`, { reconnect: true, backoff })),
    );
    for (const { client } of chargers) {
      await client.call("BootNotification", { chargePointVendor: "Acme", chargePointModel: "Volt 22" });
    }
    const attempts = { connecting: 0, open: 0 };
    for (const { client } of chargers) {
      client.on("connecting", () => attempts.connecting++);
      client.on("open", () => attempts.open++);
    }
    (stalled as unknown as { _socket: { pause(): void } })._socket.pause();

    const signalledAt = performance.now();
    server.child.kill("SIGTERM");
    const exit = await Promise.race([server.exited, sleep(15_000).then(() => "still running after 15 s")]);
    const shutdownMs = performance.now() - signalledAt;
    for (const { client } of chargers) await client.close({ force: true });
    stalled.terminate();

    expect(exit).toEqual({ code: 0, signal: null });
    expect(shutdownMs).toBeLessThan(6000);
    // They did try to come back while the server was stopping, and none got in.
    expect(attempts.connecting).toBeGreaterThanOrEqual(chargers.length);
    expect(attempts.open).toBe(0);
    expect(server.logs.map((entry) => entry.msg)).toContain("Stopped cleanly");
  }, 60_000);
});
