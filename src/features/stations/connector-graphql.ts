import { type Ocpp16Enum, OCPP16_ENUMS } from "../../generated/ocpp-vocabulary.js";
import { builder } from "../../graphql/builder.js";

export const ChargePointStatus = builder.enumType("ChargePointStatus", {
  description: "A connector's status as OCPP 1.6 StatusNotification reports it.",
  values: OCPP16_ENUMS.ChargePointStatus,
});

export const ConnectorType = builder.prismaObject("Connector", {
  description: "The latest StatusNotification of one connector; connector 0 stands for the whole charge point.",
  fields: (t) => ({
    chargePointId: t.exposeString("chargePointId"),
    evseId: t.exposeInt("evseId", {
      description: "The EVSE the connector belongs to; for a 1.6 station, equal to its connectorId.",
    }),
    connectorId: t.exposeInt("connectorId", {
      description: "1.6: the connector (0: the whole charge point); 2.0.1: the connector within its EVSE.",
    }),
    status: t.field({
      type: ChargePointStatus,
      description: "OCPP ChargePointStatus: Available, Charging, Faulted, ...",
      // Only validated StatusNotifications write it.
      resolve: (connector) => connector.status as Ocpp16Enum<"ChargePointStatus">,
    }),
    errorCode: t.exposeString("errorCode", { description: "OCPP ChargePointErrorCode; NoError when healthy." }),
    info: t.exposeString("info", { nullable: true }),
    vendorId: t.exposeString("vendorId", { nullable: true }),
    vendorErrorCode: t.exposeString("vendorErrorCode", { nullable: true }),
    statusAt: t.expose("statusAt", { type: "DateTime", description: "When the charger says the status began." }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.subscriptionFields((t) => ({
  connectorStatusChanged: t.field({
    type: ConnectorType,
    args: { chargePointId: t.arg.string() },
    subscribe: (_root, { chargePointId }, { events }) => events.subscribe("connectorStatusChanged", chargePointId),
    resolve: (connector) => connector,
  }),
}));
