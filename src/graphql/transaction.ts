import { energyDeliveredWh } from "../domain/transactions.js";
import { builder } from "./builder.js";

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
  description: "A charging session; transactionId is the OCPP transactionId, unique across the system.",
  fields: (t) => ({
    transactionId: t.exposeInt("transactionId"),
    chargePointId: t.exposeString("chargePointId"),
    connectorId: t.exposeInt("connectorId"),
    idTag: t.exposeString("idTag"),
    idTagStatus: t.exposeString("idTagStatus", { description: "The authorization answer given at start." }),
    reservationId: t.exposeInt("reservationId", { nullable: true }),
    // Energy is a Float: GraphQL's Int is 32-bit and energy registers are not (a Float holds every Wh up to 2^53).
    meterStart: t.float({
      description: "Meter reading at start, Wh.",
      select: { meterStart: true },
      resolve: (transaction) => Number(transaction.meterStart),
    }),
    meterStop: t.float({
      nullable: true,
      description: "Meter reading at stop, Wh.",
      select: { meterStop: true },
      resolve: (transaction) => (transaction.meterStop === null ? null : Number(transaction.meterStop)),
    }),
    startedAt: t.expose("startedAt", { type: "DateTime" }),
    stoppedAt: t.expose("stoppedAt", { type: "DateTime", nullable: true }),
    stopReason: t.exposeString("stopReason", { nullable: true }),
    energyWh: t.float({
      description: "Energy delivered so far in Wh, from the stop reading or the latest energy register reading.",
      select: { meterStart: true, meterStop: true, lastMeterWh: true },
      resolve: (transaction) => energyDeliveredWh(transaction),
    }),
    active: t.boolean({
      select: { stoppedAt: true },
      resolve: (transaction) => transaction.stoppedAt === null,
    }),
    meterValues: t.relation("meterValues", { query: { orderBy: [{ timestamp: "asc" }, { id: "asc" }] } }),
  }),
});

builder.queryFields((t) => ({
  transactions: t.prismaConnection({
    type: "Transaction",
    cursor: "transactionId",
    description: "Newest first.",
    args: { chargePointId: t.arg.string(), active: t.arg.boolean() },
    resolve: (query, _root, { chargePointId, active }, { db }) =>
      db.transaction.findMany({
        ...query,
        where: {
          ...(chargePointId ? { chargePointId } : {}),
          ...(active === null || active === undefined ? {} : { stoppedAt: active ? null : { not: null } }),
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

builder.subscriptionFields((t) => ({
  transactionUpdated: t.field({
    type: TransactionType,
    description: "A transaction started, received meter values or stopped.",
    args: { chargePointId: t.arg.string() },
    subscribe: (_root, { chargePointId }, { events }) => events.subscribe("transactionUpdated", chargePointId),
    resolve: (transaction) => transaction,
  }),
}));
