import { GraphQLError } from "graphql";
import { energyDeliveredWh, TransactionNotFoundError, TransactionNotOpenError } from "./transaction-service.js";
import { builder } from "../../graphql/builder.js";
import { OcppVersion } from "../stations/station-graphql.js";

const TransactionStatus = builder.enumType("TransactionStatus", {
  description:
    "Active until the charger stops it (Stopped) or the central system closes it (Closed: a later start on its " +
    "connector, or closeTransaction). A start whose idTag was not Accepted is Refused and never active.",
  values: ["Active", "Refused", "Stopped", "Closed"] as const,
});

/** A closing reason is for people reading the history: a sentence, not an essay. */
const MAX_CLOSE_REASON_LENGTH = 500;

builder.prismaObject("MeterValue", {
  description: "One sampled value reported by the charger.",
  fields: (t) => ({
    timestamp: t.expose("timestamp", { type: "DateTime" }),
    value: t.exposeString("value"),
    measurand: t.exposeString("measurand", {
      nullable: true,
      description: "Absent means Energy.Active.Import.Register, the OCPP default.",
    }),
    unit: t.exposeString("unit", { nullable: true }),
    phase: t.exposeString("phase", { nullable: true }),
    context: t.exposeString("context", { nullable: true }),
    location: t.exposeString("location", { nullable: true }),
    format: t.exposeString("format", { nullable: true }),
  }),
});

export const TransactionType = builder.prismaObject("Transaction", {
  description:
    "A charging session of a station of either OCPP version. transactionId is our own id, unique across the system " +
    "(and the OCPP 1.6 transactionId); stationTransactionId is what the station calls it.",
  fields: (t) => ({
    transactionId: t.exposeInt("transactionId"),
    stationTransactionId: t.string({
      description: "The station's id of the session: 2.0.1's transactionId, or the decimal 1.6 transactionId.",
      select: { stationTransactionId: true, transactionId: true },
      resolve: (transaction) => transaction.stationTransactionId ?? String(transaction.transactionId),
    }),
    chargePointId: t.exposeString("chargePointId"),
    ocppVersion: t.field({
      type: OcppVersion,
      description: "The version the station spoke for this session: 2.0.1 sessions are named by their station.",
      select: { stationTransactionId: true },
      resolve: (transaction) => (transaction.stationTransactionId === null ? "OCPP16" : "OCPP201"),
    }),
    evseId: t.exposeInt("evseId", {
      nullable: true,
      description: "The EVSE (for 1.6 stations, the connector); null until a 2.0.1 station names it.",
    }),
    connectorId: t.exposeInt("connectorId", {
      nullable: true,
      description: "1.6: the connector; 2.0.1: the connector within its EVSE, null until the station names it.",
    }),
    idTag: t.exposeString("idTag", {
      nullable: true,
      description: "The 1.6 idTag or 2.0.1 idToken; null while a 2.0.1 session runs without authorization.",
    }),
    idTokenType: t.exposeString("idTokenType", {
      nullable: true,
      description: "The 2.0.1 idToken's type (ISO14443, eMAID, Central, ...); null for 1.6.",
    }),
    idTagStatus: t.exposeString("idTagStatus", {
      description:
        "The authorization answer given to the session's tag (Accepted, Blocked, Expired, Invalid for a tag we do " +
        "not know, ConcurrentTx); NoAuthorization while a 2.0.1 session runs without a token.",
    }),
    chargingState: t.exposeString("chargingState", {
      nullable: true,
      description: "2.0.1: the charging state of the latest event (Charging, EVConnected, SuspendedEV, ...).",
    }),
    reservationId: t.exposeInt("reservationId", { nullable: true }),
    // Energy is a Float: GraphQL's Int is 32-bit and energy registers are not (a Float holds every Wh up to 2^53).
    meterStart: t.float({
      nullable: true,
      description: "Meter reading at start, Wh; for 2.0.1 the earliest energy reading, null until one arrives.",
      select: { meterStart: true },
      resolve: (transaction) => (transaction.meterStart === null ? null : Number(transaction.meterStart)),
    }),
    meterStop: t.float({
      nullable: true,
      description: "Meter reading at stop, Wh.",
      select: { meterStop: true },
      resolve: (transaction) => (transaction.meterStop === null ? null : Number(transaction.meterStop)),
    }),
    startedAt: t.expose("startedAt", { type: "DateTime" }),
    stoppedAt: t.expose("stoppedAt", { type: "DateTime", nullable: true }),
    stopReason: t.exposeString("stopReason", {
      nullable: true,
      description:
        "Why the station ended the session (1.6: StopTransaction's reason; 2.0.1: the Ended event's stoppedReason; " +
        "Local when it gave none); null while it has not ended it.",
    }),
    status: t.expose("status", { type: TransactionStatus }),
    closeReason: t.exposeString("closeReason", {
      nullable: true,
      description: "Why the central system closed it (Closed), or an admin's reason for closing a refused start.",
    }),
    energyWh: t.float({
      description: "Energy delivered so far in Wh, from the stop reading or the latest energy register reading.",
      select: { meterStart: true, meterStop: true, lastMeterWh: true },
      resolve: (transaction) => energyDeliveredWh(transaction),
    }),
    active: t.boolean({
      description: "Status Active: an accepted start that has neither stopped nor been closed.",
      select: { status: true },
      resolve: (transaction) => transaction.status === "Active",
    }),
    meterValues: t.relation("meterValues", { query: { orderBy: [{ timestamp: "asc" }, { id: "asc" }] } }),
  }),
});

/** 1.6 sessions have no station id of their own: theirs is our transactionId, written in decimal. */
function stationTransactionFilter(stationTransactionId: string) {
  const decimal = /^[1-9]\d{0,9}$/.test(stationTransactionId) ? Number(stationTransactionId) : null;
  const own =
    decimal !== null && decimal <= 2_147_483_647 ? [{ stationTransactionId: null, transactionId: decimal }] : [];
  return { OR: [{ stationTransactionId }, ...own] };
}

builder.queryFields((t) => ({
  transactions: t.prismaConnection({
    type: "Transaction",
    cursor: "transactionId",
    description: "Newest first.",
    args: {
      chargePointId: t.arg.string(),
      active: t.arg.boolean({ description: "true: status Active; false: any other status." }),
      status: t.arg({ type: TransactionStatus }),
      stationTransactionId: t.arg.string({
        description:
          "The station's id of the session (2.0.1's transactionId; for 1.6 the decimal transactionId), unique per " +
          "station: with chargePointId it finds one session.",
      }),
    },
    resolve: (query, _root, { chargePointId, active, status, stationTransactionId }, { db }) =>
      db.transaction.findMany({
        ...query,
        where: {
          ...(chargePointId ? { chargePointId } : {}),
          ...(stationTransactionId ? stationTransactionFilter(stationTransactionId) : {}),
          ...(active === null || active === undefined ? {} : { status: active ? "Active" : { not: "Active" } }),
          ...(status ? { AND: [{ status }] } : {}),
        },
        orderBy: { transactionId: "desc" },
      }),
  }),
  transaction: t.prismaField({
    type: "Transaction",
    nullable: true,
    args: { transactionId: t.arg.int({ required: true }) },
    resolve: (query, _root, { transactionId }, { db }) =>
      db.transaction.findUnique({ ...query, where: { transactionId } }),
  }),
}));

builder.mutationFields((t) => ({
  closeTransaction: t.prismaField({
    type: "Transaction",
    authScopes: { admin: true },
    description:
      "Closes a transaction whose StopTransaction never came (status Closed, stoppedAt now, the reason kept); " +
      "recorded in the audit log with who closed it. A StopTransaction that arrives later is still recorded.",
    args: {
      transactionId: t.arg.int({ required: true }),
      reason: t.arg.string({ required: true }),
    },
    resolve: async (query, _root, { transactionId, reason }, { db, services }) => {
      const text = reason.trim();
      if (text.length === 0 || text.length > MAX_CLOSE_REASON_LENGTH) {
        throw new GraphQLError(`reason must be 1 to ${MAX_CLOSE_REASON_LENGTH} characters`, {
          extensions: { code: "BAD_USER_INPUT", argument: "reason" },
        });
      }
      try {
        await services.transactions.close(transactionId, text);
      } catch (error) {
        if (error instanceof TransactionNotFoundError) {
          throw new GraphQLError(error.message, { extensions: { code: "NOT_FOUND" } });
        }
        if (error instanceof TransactionNotOpenError) {
          throw new GraphQLError(error.message, { extensions: { code: "TRANSACTION_NOT_OPEN" } });
        }
        throw error;
      }
      return db.transaction.findUniqueOrThrow({ ...query, where: { transactionId } });
    },
  }),
}));

builder.subscriptionFields((t) => ({
  transactionUpdated: t.field({
    type: TransactionType,
    description: "A transaction started, received meter values or stopped.",
    args: { chargePointId: t.arg.string() },
    subscribe: (_root, { chargePointId }, { events }) => events.subscribe("transactionUpdated", chargePointId),
    resolve: (transaction) => transaction,
  }),
}));
