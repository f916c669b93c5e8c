import { GraphQLError } from "graphql";
import {
  OcppVersion as OcppVersions,
  RegistrationStatus as RegistrationStatuses,
} from "../../generated/prisma/enums.js";
import { builder } from "../../graphql/builder.js";
import type { Connector } from "../../generated/prisma/client.js";
import { ConnectorType } from "./connector-graphql.js";
import { StationNotFoundError } from "./station-service.js";

export const OcppVersion = builder.enumType(OcppVersions, {
  name: "OcppVersion",
  description: "The OCPP version a station speaks (on its current or last connection).",
});

const RegistrationStatus = builder.enumType(RegistrationStatuses, {
  name: "RegistrationStatus",
  description:
    "How the station's boots are answered. Pending: it stays connected but may only be asked for reports and " +
    "variables (2.0.1) until accepted; Rejected: it is told to boot again later and is not served meanwhile.",
});

type Evse = { evseId: number; connectors: Connector[] };

/** Connectors grouped by EVSE, in order; evse 0 (a 1.6 station's connector 0) is the station, not an EVSE. */
function evsesOf(connectors: Connector[]): Evse[] {
  const evses = new Map<number, Evse>();
  for (const connector of connectors) {
    if (connector.evseId === 0) continue;
    const evse = evses.get(connector.evseId) ?? { evseId: connector.evseId, connectors: [] };
    evse.connectors.push(connector);
    evses.set(connector.evseId, evse);
  }
  return [...evses.values()];
}

const EvseType = builder.objectRef<Evse>("Evse").implement({
  description: "An EVSE: the part of a station that charges one vehicle at a time, with its connectors.",
  fields: (t) => ({
    evseId: t.exposeInt("evseId"),
    connectors: t.field({ type: [ConnectorType], resolve: (evse) => evse.connectors }),
  }),
});

export const StationType = builder.prismaObject("Station", {
  description: "A charge point, known by the identity in its WebSocket URL; details come from its BootNotification.",
  fields: (t) => ({
    chargePointId: t.exposeString("chargePointId"),
    ocppVersion: t.expose("ocppVersion", { type: OcppVersion }),
    registrationStatus: t.expose("registrationStatus", {
      type: RegistrationStatus,
      nullable: true,
      description: "How its last boot was answered, or an operator's decision for the next; null before any boot.",
    }),
    vendor: t.exposeString("vendor", { nullable: true }),
    model: t.exposeString("model", { nullable: true }),
    serialNumber: t.exposeString("serialNumber", { nullable: true }),
    chargeBoxSerialNumber: t.exposeString("chargeBoxSerialNumber", { nullable: true }),
    firmwareVersion: t.exposeString("firmwareVersion", { nullable: true }),
    iccid: t.exposeString("iccid", { nullable: true }),
    imsi: t.exposeString("imsi", { nullable: true }),
    meterType: t.exposeString("meterType", { nullable: true }),
    meterSerialNumber: t.exposeString("meterSerialNumber", { nullable: true }),
    connected: t.exposeBoolean("connected"),
    connectedAt: t.expose("connectedAt", { type: "DateTime", nullable: true }),
    disconnectedAt: t.expose("disconnectedAt", { type: "DateTime", nullable: true }),
    lastBootAt: t.expose("lastBootAt", { type: "DateTime", nullable: true }),
    lastHeartbeatAt: t.expose("lastHeartbeatAt", { type: "DateTime", nullable: true }),
    firmwareStatus: t.exposeString("firmwareStatus", { nullable: true }),
    diagnosticsStatus: t.exposeString("diagnosticsStatus", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    connectors: t.relation("connectors", { query: { orderBy: [{ evseId: "asc" }, { connectorId: "asc" }] } }),
    evses: t.field({
      type: [EvseType],
      description:
        "The station's EVSEs with their connectors, as they reported status. A 1.6 station's connectors are its " +
        "EVSEs (connector 0, the station as a whole, is none).",
      select: { connectors: { orderBy: [{ evseId: "asc" }, { connectorId: "asc" }] } },
      resolve: ({ connectors }) => evsesOf(connectors),
    }),
    transactions: t.relatedConnection("transactions", {
      cursor: "transactionId",
      query: { orderBy: { transactionId: "desc" } },
    }),
  }),
});

builder.queryFields((t) => ({
  stations: t.prismaConnection({
    type: "Station",
    cursor: "chargePointId",
    args: {
      connected: t.arg.boolean(),
      ocppVersion: t.arg({ type: OcppVersion, description: "Only stations speaking this version." }),
    },
    resolve: (query, _root, { connected, ocppVersion }, { db }) =>
      db.station.findMany({
        ...query,
        where: { ...(connected == null ? {} : { connected }), ...(ocppVersion ? { ocppVersion } : {}) },
        orderBy: { chargePointId: "asc" },
      }),
  }),
  station: t.prismaField({
    type: "Station",
    nullable: true,
    args: { chargePointId: t.arg.string({ required: true }) },
    resolve: (query, _root, { chargePointId }, { db }) => db.station.findUnique({ ...query, where: { chargePointId } }),
  }),
}));

builder.mutationFields((t) => ({
  setRegistrationStatus: t.prismaField({
    type: "Station",
    authScopes: { admin: true },
    description:
      "Decides how the station's next BootNotification is answered (both versions): Accepted, Pending (hold it to " +
      "configure it first) or Rejected. A connected 2.0.1 station learns it at its next boot.",
    args: {
      chargePointId: t.arg.string({ required: true }),
      status: t.arg({ type: RegistrationStatus, required: true }),
    },
    resolve: async (_query, _root, { chargePointId, status }, { services }) => {
      try {
        return await services.stations.setRegistrationStatus(chargePointId, status);
      } catch (error) {
        if (error instanceof StationNotFoundError) {
          throw new GraphQLError(error.message, { extensions: { code: "NOT_FOUND" } });
        }
        throw error;
      }
    },
  }),
}));

builder.subscriptionFields((t) => ({
  stationUpdated: t.field({
    type: StationType,
    description: "A station connected, disconnected, booted, sent a heartbeat or reported firmware/diagnostics status.",
    args: { chargePointId: t.arg.string() },
    subscribe: (_root, { chargePointId }, { events }) => events.subscribe("stationUpdated", chargePointId),
    resolve: (station) => station,
  }),
}));
