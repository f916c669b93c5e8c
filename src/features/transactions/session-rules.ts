import type { Transaction } from "../../generated/prisma/client.js";
import { type Authorization, authorizeStart } from "../authorization/authorization-rules.js";
import { energyRegisterBounds, type MeterReading } from "./meter-readings.js";
import { takesStop } from "./transaction-rules.js";

/**
 * A station that numbers the events of its sessions reports each session as a series: the event that began it, any
 * number of updates, the one that ended it. After an outage they arrive late and in any order; the station may send
 * any of them first, and resends one whose answer it lost.
 */
export type SessionEventKind = "Started" | "Updated" | "Ended";

/**
 * The token presented with an event: `idTag` is null when the station charges without authorization and says so by
 * the token's type.
 */
export type SessionToken = { idTag: string | null; type: string };

/** One event of a session, as the station numbered and sent it. */
export type SessionEvent = {
  /** The station's id of the session, unique per station. */
  stationTransactionId: string;
  /** The station's sequence number: the same number again is the same event resent. */
  seqNo: number;
  kind: SessionEventKind;
  /** Why the station sent it (Authorized, MeterValuePeriodic, StopAuthorized, ...). */
  trigger: string;
  at: Date;
  /** It happened while the station was offline, so it may arrive late and out of order. */
  offline: boolean;
  evseId: number | null;
  connectorId: number | null;
  token: SessionToken | null;
  /** The token was presented to stop the session, not to start it. */
  tokenStops: boolean;
  chargingState: string | null;
  /** Why the session ended; given with the last event, where the adapter supplies its protocol's default. */
  stopReason: string | null;
  reservationId: number | null;
  readings: MeterReading[];
};

/** The idTagStatus of a session that runs without authorization, until a token is presented. */
export const WITHOUT_AUTHORIZATION = "NoAuthorization";

/** What a session event decides of its session: the columns an event can change. */
export type SessionState = Pick<
  Transaction,
  | "status"
  | "idTag"
  | "idTokenType"
  | "idTagStatus"
  | "startedAt"
  | "stoppedAt"
  | "evseId"
  | "connectorId"
  | "chargingState"
  | "stopReason"
  | "stopIdTag"
  | "reservationId"
  | "meterStart"
  | "meterStop"
  | "lastMeterWh"
>;

/** What the store knows when the event is applied. */
export type SessionFacts = {
  /** The session's highest stored sequence number, null before its first event. */
  latestSeqNo: number | null;
  /** The token already holds another active session (not the one on this EVSE, which this one replaces). */
  activeElsewhere: boolean;
  /**
   * The session's earliest and latest stored energy register readings, so that readings arriving out of order
   * still give the earliest as its start and the latest as its meter.
   */
  storedEnergy: MeterReading[];
};

/** The session after the event, and the decision on the event's token that the station is answered with. */
export type SessionOutcome = { session: SessionState; authorization: Authorization | undefined };

const sameTag = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const bigintOrNull = (wh: number | undefined) => (wh === undefined ? null : BigInt(wh));

/**
 * Applies one event to its session (undefined: the event is its first). `authorization` is the decision on the
 * event's token as the tag is stored, when the event carries a token that needs one.
 *
 * - A session begins with whichever event arrives first, active unless that event is its end, and never becomes
 *   active again once it is not: an update replayed after the end does not reopen it.
 * - The first token the session is given is decided as a start's (ConcurrentTx when it holds another active session);
 *   refused, the session is Refused whatever came before or comes later. A session without a token runs without
 *   authorization until one comes.
 * - A token presented to stop the session is answered as an authorization and, with the end, kept as the one that
 *   stopped it. The session's own token presented again gets the answer it was first given; another, an
 *   authorization.
 * - startedAt is the earliest time of its events; the charging state is that of the event with the highest
 *   sequence number; the meter start is the earliest energy register reading and the last meter the latest.
 * - The end stops it as a stop does (see takesStop): once, with its reading as the meter stop.
 */
export function applySessionEvent(
  current: SessionState | undefined,
  event: SessionEvent,
  authorization: Authorization | undefined,
  facts: SessionFacts,
): SessionOutcome {
  const session: SessionState = current
    ? { ...current }
    : {
        status: "Active",
        idTag: null,
        idTokenType: null,
        idTagStatus: WITHOUT_AUTHORIZATION,
        startedAt: event.at,
        stoppedAt: null,
        evseId: null,
        connectorId: null,
        chargingState: null,
        stopReason: null,
        stopIdTag: null,
        reservationId: null,
        meterStart: null,
        meterStop: null,
        lastMeterWh: null,
      };
  if (event.at < session.startedAt) session.startedAt = event.at;
  if (session.evseId === null && event.evseId !== null) {
    session.evseId = event.evseId;
    session.connectorId = event.connectorId;
  } else if (session.connectorId === null && event.evseId === session.evseId) session.connectorId = event.connectorId;
  session.reservationId ??= event.reservationId;
  const latest = facts.latestSeqNo === null || event.seqNo > facts.latestSeqNo;
  if (latest && event.chargingState !== null) session.chargingState = event.chargingState;

  // The end is applied last, but it decides whether the session could still hold its token.
  const ending = event.kind === "Ended" && takesStop(session);
  let answer: Authorization | undefined;
  const token = event.token;
  const decision = authorization ?? { status: "Invalid" as const };
  if (token?.idTag === null) {
    // The station needs no authorization for it: nothing to refuse.
    answer = { status: "Accepted" };
    session.idTokenType ??= token.type;
  } else if (token && event.tokenStops) {
    answer = decision;
    if (ending) session.stopIdTag = token.idTag;
  } else if (token && session.idTag === null) {
    // A session that no longer runs holds no token, so it cannot be concurrent with another.
    const holdsToken = session.status === "Active" && !ending;
    answer = authorizeStart(decision, { activeElsewhere: holdsToken && facts.activeElsewhere });
    session.idTag = token.idTag;
    session.idTokenType = token.type;
    session.idTagStatus = answer.status;
    if (answer.status !== "Accepted") session.status = "Refused";
  } else if (token) {
    answer = sameTag(token.idTag, session.idTag!)
      ? { ...decision, status: session.idTagStatus as Authorization["status"] }
      : decision;
  }

  const energy = energyRegisterBounds([...facts.storedEnergy, ...event.readings]);
  session.meterStart = bigintOrNull(energy.earliestWh) ?? session.meterStart;
  session.lastMeterWh = bigintOrNull(energy.latestWh) ?? session.lastMeterWh;

  if (ending) {
    session.stoppedAt = event.at;
    session.stopReason = event.stopReason;
    session.meterStop = bigintOrNull(energyRegisterBounds(event.readings).latestWh);
    if (session.status !== "Refused") session.status = "Stopped";
  }
  return { session, authorization: answer };
}

/** Of two sessions both active on one EVSE, the one to close: the one that started first (the later-sent on a tie). */
export function staleOfTwo<T extends Pick<Transaction, "startedAt">>(
  arriving: T,
  holder: T,
): { stale: T; successor: T } {
  return holder.startedAt <= arriving.startedAt
    ? { stale: holder, successor: arriving }
    : { stale: arriving, successor: holder };
}
