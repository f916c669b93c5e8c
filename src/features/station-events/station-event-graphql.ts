import { StationEventKind as StationEventKinds } from "../../generated/prisma/enums.js";
import { builder } from "../../graphql/builder.js";
import type { Prisma } from "../../generated/prisma/client.js";

const StationEventKind = builder.enumType(StationEventKinds, {
  name: "StationEventKind",
  description: "Notification: a monitored variable or the hardware reported something; Security: a security event.",
});

export const StationEventType = builder.prismaObject("StationEvent", {
  description:
    "Something a station reported as it happened: a notification about one of its variables, or a security event.",
  fields: (t) => ({
    id: t.string({ resolve: (event) => event.id.toString() }),
    chargePointId: t.exposeString("chargePointId"),
    kind: t.expose("kind", { type: StationEventKind }),
    eventId: t.exposeInt("eventId", {
      nullable: true,
      description: "A notification's id, as the station numbers them.",
    }),
    type: t.exposeString("type", {
      description:
        "A notification's trigger (Alerting, Delta, Periodic); a security event's type (e.g. TamperDetectionActivated).",
    }),
    severity: t.exposeInt("severity", {
      nullable: true,
      description:
        "0 (Danger) to 9 (Debug): a notification's is its monitor's; a security event the specification marks " +
        "critical is 0, any other has none.",
    }),
    timestamp: t.expose("timestamp", { type: "DateTime", description: "When the station says it happened." }),
    component: t.exposeString("component", { nullable: true }),
    variable: t.exposeString("variable", { nullable: true }),
    evseId: t.exposeInt("evseId", { nullable: true }),
    connectorId: t.exposeInt("connectorId", { nullable: true }),
    actualValue: t.exposeString("actualValue", { nullable: true, description: "The variable's value at the event." }),
    cleared: t.exposeBoolean("cleared", {
      nullable: true,
      description: "True when the event reports that the monitored situation returned to normal.",
    }),
    techCode: t.exposeString("techCode", { nullable: true }),
    techInfo: t.exposeString("techInfo", { nullable: true }),
    transactionId: t.exposeString("transactionId", {
      nullable: true,
      description: "The station's id of the transaction the event concerns.",
    }),
    receivedAt: t.expose("receivedAt", { type: "DateTime" }),
  }),
});

const filterArgs = {
  kind: { description: "Only events of this kind." },
  minSeverity: {
    description:
      "Only events at least this severe: a severity from 0 up to this number (events without one are left out).",
  },
};

/** The events that pass the filters; lower severities are the more severe ones. */
const eventFilter = (kind: StationEventKinds | null | undefined, minSeverity: number | null | undefined) =>
  ({
    ...(kind ? { kind } : {}),
    ...(minSeverity === null || minSeverity === undefined ? {} : { severity: { lte: minSeverity } }),
  }) satisfies Prisma.StationEventWhereInput;

builder.prismaObjectField("Station", "events", (t) =>
  t.relatedConnection("events", {
    description: "What the station reported as it happened, newest first.",
    cursor: "id",
    args: {
      kind: t.arg({ type: StationEventKind, ...filterArgs.kind }),
      minSeverity: t.arg.int(filterArgs.minSeverity),
    },
    query: ({ kind, minSeverity }) => ({ where: eventFilter(kind, minSeverity), orderBy: { id: "desc" } }),
  }),
);

builder.queryFields((t) => ({
  stationEvents: t.prismaConnection({
    type: "StationEvent",
    cursor: "id",
    description: "Events across the network (or of one station), newest first.",
    args: {
      kind: t.arg({ type: StationEventKind, ...filterArgs.kind }),
      minSeverity: t.arg.int(filterArgs.minSeverity),
      chargePointId: t.arg.string(),
    },
    resolve: (query, _root, { kind, minSeverity, chargePointId }, { db }) =>
      db.stationEvent.findMany({
        ...query,
        where: { ...eventFilter(kind, minSeverity), ...(chargePointId ? { chargePointId } : {}) },
        orderBy: { id: "desc" },
      }),
  }),
}));

builder.subscriptionFields((t) => ({
  stationEventReported: t.field({
    type: StationEventType,
    description: "Events as stations report them.",
    args: { chargePointId: t.arg.string() },
    subscribe: (_root, { chargePointId }, { events }) => events.subscribe("stationEventReported", chargePointId),
    resolve: (event) => event,
  }),
}));
