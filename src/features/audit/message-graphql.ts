import { OCPP16_ACTIONS } from "../../generated/ocpp-vocabulary.js";
import { builder } from "../../graphql/builder.js";

// Not the type of a field (a charger may make an action up, and its frames are logged all the same): it lists the
// actions for clients, such as the web app's filter.
builder.enumType("OcppAction", {
  description:
    "The actions OCPP 1.6 defines: what OcppMessage.action holds unless the charger made one up, and what " +
    "messages(action:) is meant to filter on.",
  values: OCPP16_ACTIONS,
});

const MessageDirection = builder.enumType("MessageDirection", { values: ["INBOUND", "OUTBOUND"] as const });
const MessageType = builder.enumType("MessageType", { values: ["CALL", "CALLRESULT", "CALLERROR"] as const });

export const OcppMessageType = builder.prismaObject("OcppMessage", {
  description: "One OCPP frame from the audit log, valid or not.",
  fields: (t) => ({
    id: t.string({ resolve: (message) => message.id.toString() }),
    chargePointId: t.exposeString("chargePointId"),
    direction: t.expose("direction", { type: MessageDirection }),
    messageType: t.expose("messageType", {
      type: MessageType,
      nullable: true,
      description: "Null when the frame could not be read as an OCPP message.",
    }),
    uniqueId: t.exposeString("uniqueId", { nullable: true }),
    action: t.exposeString("action", { nullable: true }),
    payload: t.expose("payload", { type: "JSON", nullable: true }),
    raw: t.exposeString("raw", {
      description:
        "The frame exactly as sent or received, but with secret configuration values redacted (docs/security.md).",
    }),
    errorCode: t.exposeString("errorCode", { nullable: true }),
    errorDescription: t.exposeString("errorDescription", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.queryFields((t) => ({
  messages: t.prismaConnection({
    type: "OcppMessage",
    cursor: "id",
    description: "A charge point's audit log, newest first.",
    args: { chargePointId: t.arg.string({ required: true }), action: t.arg.string() },
    resolve: (query, _root, { chargePointId, action }, { db }) =>
      db.ocppMessage.findMany({
        ...query,
        where: { chargePointId, ...(action ? { action } : {}) },
        orderBy: { id: "desc" },
      }),
  }),
}));

builder.subscriptionFields((t) => ({
  ocppMessageLogged: t.field({
    type: OcppMessageType,
    description: "The live audit log.",
    args: { chargePointId: t.arg.string() },
    subscribe: (_root, { chargePointId }, { events }) => events.subscribe("ocppMessageLogged", chargePointId),
    resolve: (message) => message,
  }),
}));
