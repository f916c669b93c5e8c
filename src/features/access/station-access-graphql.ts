import { builder } from "../../graphql/builder.js";
import { runCommand } from "../../graphql/command-errors.js";

builder.prismaObject("PendingStation", {
  description: "A charge point that tried to connect without being registered.",
  fields: (t) => ({
    chargePointId: t.exposeString("chargePointId"),
    remoteAddress: t.exposeString("remoteAddress", { nullable: true }),
    attempts: t.exposeInt("attempts"),
    firstSeenAt: t.expose("firstSeenAt", { type: "DateTime" }),
    lastSeenAt: t.expose("lastSeenAt", { type: "DateTime" }),
  }),
});

builder.queryFields((t) => ({
  pendingStations: t.prismaConnection({
    type: "PendingStation",
    cursor: "chargePointId",
    authScopes: { admin: true },
    description:
      "Identities refused because they are not registered, most recent first. The list itself is bounded: " +
      "see docs/api-access.md.",
    resolve: (query, _root, _args, { db }) =>
      db.pendingStation.findMany({ ...query, orderBy: [{ lastSeenAt: "desc" }, { chargePointId: "asc" }] }),
  }),
}));

builder.mutationFields((t) => ({
  setStationPassword: t.boolean({
    authScopes: { admin: true },
    description:
      "Sets (or with null clears) the HTTP Basic password a charger uses (OCPP security profiles 1 and 2). " +
      "Registers the station if it is new. Send the same value to the charger as AuthorizationKey.",
    args: {
      chargePointId: t.arg.string({ required: true }),
      password: t.arg.string({ required: false, description: "16 to 40 characters." }),
    },
    resolve: (_root, { chargePointId, password }, { services }) =>
      runCommand(async () => {
        await services.stationAccess.setPassword(chargePointId, password ?? null);
        return true;
      }),
  }),
  approveStation: t.prismaField({
    type: "Station",
    authScopes: { admin: true },
    description: "Registers a charge point (pending or new) so that it may connect.",
    args: { chargePointId: t.arg.string({ required: true }) },
    resolve: (_query, _root, { chargePointId }, { services }) =>
      runCommand(() => services.stationAccess.approve(chargePointId)),
  }),
  dismissPendingStation: t.boolean({
    authScopes: { admin: true },
    args: { chargePointId: t.arg.string({ required: true }) },
    resolve: (_root, { chargePointId }, { services }) =>
      runCommand(() => services.stationAccess.dismiss(chargePointId)),
  }),
}));
