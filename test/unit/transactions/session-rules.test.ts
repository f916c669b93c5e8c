import { describe, expect, it } from "vitest";
import type { Authorization } from "../../../src/features/authorization/authorization-rules.js";
import type { MeterReading } from "../../../src/features/transactions/meter-readings.js";
import {
  applySessionEvent,
  type SessionEvent,
  type SessionFacts,
  type SessionState,
  staleOfTwo,
  WITHOUT_AUTHORIZATION,
} from "../../../src/features/transactions/session-rules.js";

const at = (minute: number) => new Date(Date.UTC(2026, 11, 4, 10, minute));

const energy = (minute: number, wh: number, extra: Partial<MeterReading> = {}): MeterReading => ({
  timestamp: at(minute),
  value: String(wh),
  context: "Sample.Periodic",
  format: null,
  measurand: "Energy.Active.Import.Register",
  phase: null,
  location: null,
  unit: "Wh",
  ...extra,
});

const event = (overrides: Partial<SessionEvent> = {}): SessionEvent => ({
  stationTransactionId: "tx-1",
  seqNo: 0,
  kind: "Started",
  trigger: "CablePluggedIn",
  at: at(0),
  offline: false,
  evseId: 1,
  connectorId: 1,
  token: null,
  tokenStops: false,
  chargingState: null,
  stopReason: null,
  reservationId: null,
  readings: [],
  ...overrides,
});

const facts = (overrides: Partial<SessionFacts> = {}): SessionFacts => ({
  latestSeqNo: null,
  activeElsewhere: false,
  storedEnergy: [],
  ...overrides,
});

const accepted: Authorization = { status: "Accepted", expiryDate: "2030-01-01T00:00:00.000Z" };
const token = (idTag = "TAG-1", type = "ISO14443") => ({ idTag, type });

/** Applies events in turn, each with the facts the store would give it (what earlier ones stored); each outcome. */
function replay(steps: Array<{ event: SessionEvent; authorization?: Authorization; facts?: Partial<SessionFacts> }>) {
  let session: SessionState | undefined;
  let latestSeqNo: number | null = null;
  const storedEnergy: MeterReading[] = [];
  return steps.map((step) => {
    const known = facts({ latestSeqNo, storedEnergy: [...storedEnergy], ...step.facts });
    const outcome = applySessionEvent(session, step.event, step.authorization, known);
    session = outcome.session;
    latestSeqNo = Math.max(latestSeqNo ?? -1, step.event.seqNo);
    storedEnergy.push(...step.event.readings);
    return outcome;
  });
}

describe("a session's first event", () => {
  it("starts it active, with its EVSE, time and state, whichever kind of event it is", () => {
    const { session } = applySessionEvent(
      undefined,
      event({ kind: "Updated", seqNo: 3, at: at(7), chargingState: "Charging" }),
      undefined,
      facts(),
    );
    expect(session).toMatchObject({
      status: "Active",
      startedAt: at(7),
      evseId: 1,
      connectorId: 1,
      chargingState: "Charging",
      stoppedAt: null,
    });
  });

  it("without a token starts a session without authorization, answered with nothing", () => {
    const outcome = applySessionEvent(undefined, event(), undefined, facts());
    expect(outcome.authorization).toBeUndefined();
    expect(outcome.session).toMatchObject({ idTag: null, idTagStatus: WITHOUT_AUTHORIZATION, status: "Active" });
  });

  it("with a token that needs no authorization is Accepted and keeps the token's type", () => {
    const outcome = applySessionEvent(
      undefined,
      event({ token: { idTag: null, type: "NoAuthorization" } }),
      undefined,
      facts(),
    );
    expect(outcome.authorization).toEqual({ status: "Accepted" });
    expect(outcome.session).toMatchObject({ idTag: null, idTokenType: "NoAuthorization", status: "Active" });
  });

  it("with an accepted token holds it, with the decision's details in the answer", () => {
    const outcome = applySessionEvent(undefined, event({ token: token() }), accepted, facts());
    expect(outcome.authorization).toEqual(accepted);
    expect(outcome.session).toMatchObject({
      idTag: "TAG-1",
      idTokenType: "ISO14443",
      idTagStatus: "Accepted",
      status: "Active",
    });
  });

  it.each(["Blocked", "Expired", "Invalid"] as const)("with a %s token is Refused", (status) => {
    const outcome = applySessionEvent(undefined, event({ token: token() }), { status }, facts());
    expect(outcome.authorization?.status).toBe(status);
    expect(outcome.session).toMatchObject({ idTagStatus: status, status: "Refused" });
  });

  it("with an accepted token that holds another active session is ConcurrentTx and Refused", () => {
    const outcome = applySessionEvent(undefined, event({ token: token() }), accepted, facts({ activeElsewhere: true }));
    expect(outcome.authorization?.status).toBe("ConcurrentTx");
    expect(outcome.session).toMatchObject({ idTagStatus: "ConcurrentTx", status: "Refused" });
  });

  it("that is its end records a stopped session that was never active, its token not concurrent", () => {
    const outcome = applySessionEvent(
      undefined,
      event({ kind: "Ended", at: at(30), token: token(), stopReason: "EVDisconnected" }),
      accepted,
      facts({ activeElsewhere: true }),
    );
    expect(outcome.authorization?.status).toBe("Accepted");
    expect(outcome.session).toMatchObject({ status: "Stopped", stoppedAt: at(30), stopReason: "EVDisconnected" });
  });
});

describe("a token that comes after the session began", () => {
  it("is authorized then and answered; the session keeps running when accepted", () => {
    const [, authorized] = replay([
      { event: event() },
      { event: event({ kind: "Updated", seqNo: 1, trigger: "Authorized", token: token() }), authorization: accepted },
    ]);
    expect(authorized!.authorization).toEqual(accepted);
    expect(authorized!.session).toMatchObject({ idTag: "TAG-1", idTagStatus: "Accepted", status: "Active" });
  });

  it("refused makes the session Refused, and it never becomes active again", () => {
    const outcomes = replay([
      { event: event() },
      { event: event({ kind: "Updated", seqNo: 1, token: token() }), authorization: { status: "Blocked" } },
      { event: event({ kind: "Updated", seqNo: 2, chargingState: "Charging" }) },
      { event: event({ kind: "Ended", seqNo: 3, at: at(9), stopReason: "DeAuthorized" }) },
    ]);
    expect(outcomes.map((outcome) => outcome.session.status)).toEqual(["Active", "Refused", "Refused", "Refused"]);
    expect(outcomes[3]!.session.stoppedAt).toEqual(at(9));
  });

  it("presented again gets the status first given, with current details", () => {
    const [, , again] = replay([
      { event: event({ token: token() }), authorization: accepted, facts: { activeElsewhere: true } },
      { event: event({ kind: "Updated", seqNo: 1 }) },
      { event: event({ kind: "Updated", seqNo: 2, token: token("tag-1") }), authorization: accepted },
    ]);
    expect(again!.authorization).toEqual({ ...accepted, status: "ConcurrentTx" });
  });

  it("presented to stop the session is answered as an authorization and kept as the one that stopped it", () => {
    const [, ended] = replay([
      { event: event({ token: token() }), authorization: accepted },
      {
        event: event({ kind: "Ended", seqNo: 1, token: token("OTHER"), tokenStops: true, stopReason: "Local" }),
        authorization: { status: "Blocked" },
      },
    ]);
    expect(ended!.authorization).toEqual({ status: "Blocked" });
    expect(ended!.session).toMatchObject({ idTag: "TAG-1", stopIdTag: "OTHER", status: "Stopped" });
  });
});

describe("events replayed late and out of order", () => {
  it("an update after the end does not reopen the session nor change its state", () => {
    const [, , late] = replay([
      { event: event({ chargingState: "Charging" }) },
      { event: event({ kind: "Ended", seqNo: 5, at: at(60), chargingState: "Idle", stopReason: "Local" }) },
      { event: event({ kind: "Updated", seqNo: 3, at: at(40), offline: true, chargingState: "SuspendedEV" }) },
    ]);
    expect(late!.session).toMatchObject({ status: "Stopped", stoppedAt: at(60), chargingState: "Idle" });
  });

  it("a late start moves startedAt back to the earliest time and brings the token", () => {
    const [, late] = replay([
      { event: event({ kind: "Updated", seqNo: 2, at: at(20) }) },
      { event: event({ seqNo: 0, at: at(5), offline: true, token: token() }), authorization: accepted },
    ]);
    expect(late!.session).toMatchObject({ startedAt: at(5), idTag: "TAG-1", status: "Active" });
  });

  it("a second end changes nothing of the stop", () => {
    const [first, second] = replay([
      { event: event({ kind: "Ended", seqNo: 4, at: at(10), stopReason: "Local", readings: [energy(10, 900)] }) },
      { event: event({ kind: "Ended", seqNo: 5, at: at(11), stopReason: "Remote", readings: [energy(11, 950)] }) },
    ]);
    expect(second!.session).toMatchObject({ stoppedAt: at(10), stopReason: "Local", meterStop: 900n });
    expect(first!.session.meterStop).toBe(900n);
  });

  it("an end takes the stop of a session the central system closed", () => {
    const closed: SessionState = {
      ...applySessionEvent(undefined, event(), undefined, facts()).session,
      status: "Closed",
      stoppedAt: at(1),
    };
    const { session } = applySessionEvent(
      closed,
      event({ kind: "Ended", seqNo: 2, at: at(50), stopReason: "EVDisconnected" }),
      undefined,
      facts({ latestSeqNo: 0 }),
    );
    expect(session).toMatchObject({ status: "Stopped", stoppedAt: at(50), stopReason: "EVDisconnected" });
  });
});

describe("energy of a session", () => {
  it("starts at the earliest energy register reading and follows the latest, whatever order they came in", () => {
    const { session } = applySessionEvent(
      undefined,
      event({ kind: "Updated", readings: [energy(30, 3_000), energy(10, 1_000, { unit: "Wh" })] }),
      undefined,
      facts({ storedEnergy: [energy(20, 2_000)] }),
    );
    expect(session).toMatchObject({ meterStart: 1_000n, lastMeterWh: 3_000n, meterStop: null });
  });

  it("reads kWh as Wh and ignores other measurands and phases", () => {
    const { session } = applySessionEvent(
      undefined,
      event({
        readings: [
          energy(1, 12.5, { unit: "kWh" }),
          energy(2, 7_000, { measurand: "Power.Active.Import", unit: "W" }),
          energy(3, 99_999, { phase: "L1" }),
        ],
      }),
      undefined,
      facts(),
    );
    expect(session).toMatchObject({ meterStart: 12_500n, lastMeterWh: 12_500n });
  });

  it("stops at the end's reading", () => {
    const [, ended] = replay([
      { event: event({ readings: [energy(0, 500)] }) },
      { event: event({ kind: "Ended", seqNo: 1, at: at(45), stopReason: "Local", readings: [energy(45, 4_500)] }) },
    ]);
    expect(ended!.session).toMatchObject({ meterStart: 500n, meterStop: 4_500n, lastMeterWh: 4_500n });
  });
});

describe("the charging state", () => {
  it("is that of the event with the highest sequence number", () => {
    const outcomes = replay([
      { event: event({ seqNo: 0, chargingState: "EVConnected" }) },
      { event: event({ kind: "Updated", seqNo: 2, chargingState: "Charging" }) },
      { event: event({ kind: "Updated", seqNo: 1, chargingState: "SuspendedEV", offline: true }) },
      { event: event({ kind: "Updated", seqNo: 3 }) },
    ]);
    expect(outcomes.map((outcome) => outcome.session.chargingState)).toEqual([
      "EVConnected",
      "Charging",
      "Charging",
      "Charging",
    ]);
  });
});

describe("two sessions active on one EVSE", () => {
  it("the one that started first is stale", () => {
    const older = { id: 1, startedAt: at(0) };
    const newer = { id: 2, startedAt: at(5) };
    expect(staleOfTwo(newer, older)).toEqual({ stale: older, successor: newer });
    expect(staleOfTwo(older, newer)).toEqual({ stale: older, successor: newer });
  });

  it("on a tie the one arriving replaces the one holding the EVSE", () => {
    const holder = { id: 1, startedAt: at(0) };
    const arriving = { id: 2, startedAt: at(0) };
    expect(staleOfTwo(arriving, holder).stale).toBe(holder);
  });
});
