import { OCPP16_ENUMS } from "../../generated/ocpp-vocabulary.js";
import { OCPP201_ENUMS } from "../../generated/ocpp201-vocabulary.js";
import { builder } from "../../graphql/builder.js";

const CONNECTOR_STATUSES = [
  ...new Set([...OCPP16_ENUMS.ChargePointStatus, ...OCPP201_ENUMS.ConnectorStatusEnumType]),
] as const;
type ConnectorStatusValue = (typeof CONNECTOR_STATUSES)[number];

export const ConnectorStatus = builder.enumType("ConnectorStatus", {
  description:
    "A connector's status as its station reports it: OCPP 1.6 ChargePointStatus values (Available, Preparing, " +
    "Charging, SuspendedEV, SuspendedEVSE, Finishing, Reserved, Unavailable, Faulted) or OCPP 2.0.1 " +
    "ConnectorStatus values (Available, Occupied, Reserved, Unavailable, Faulted).",
  values: CONNECTOR_STATUSES,
});

export type { ConnectorStatusValue };

export const ConnectorType = builder.prismaObject("Connector", {
  description:
    "The latest status of one connector. For 1.6 stations connector 0 stands for the whole charge point and " +
    "evseId equals connectorId; for 2.0.1 stations connectorId counts within its EVSE.",
  fields: (t) => ({
    chargePointId: t.exposeString("chargePointId"),
    evseId: t.exposeInt("evseId", {
      description: "The EVSE the connector belongs to; for a 1.6 station, equal to its connectorId.",
    }),
    connectorId: t.exposeInt("connectorId", {
      description: "1.6: the connector (0: the whole charge point); 2.0.1: the connector within its EVSE.",
    }),
    status: t.field({
      type: ConnectorStatus,
      description: "The station's own status value: 1.6 Available, Charging, ...; 2.0.1 Available, Occupied, ...",
      // Only validated status reports write it.
      resolve: (connector) => connector.status as ConnectorStatusValue,
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
