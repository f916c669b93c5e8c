import { builder } from "../../graphql/builder.js";
import { runCommand } from "../../graphql/command-errors.js";
import { CommandResultType } from "../../graphql/command-result.js";

const ReservationStatus = builder.enumType("ReservationStatus", {
  values: [
    "Pending",
    "Accepted",
    "Faulted",
    "Occupied",
    "Rejected",
    "Unavailable",
    "Cancelled",
    "Used",
    "Expired",
  ] as const,
  description: "The charger's ReserveNow answer, then what became of the reservation.",
});

export const ReservationType = builder.prismaObject("Reservation", {
  fields: (t) => ({
    reservationId: t.exposeInt("reservationId"),
    chargePointId: t.exposeString("chargePointId"),
    connectorId: t.exposeInt("connectorId"),
    idTag: t.exposeString("idTag"),
    parentIdTag: t.exposeString("parentIdTag", { nullable: true }),
    expiryDate: t.expose("expiryDate", { type: "DateTime" }),
    status: t.expose("status", { type: ReservationStatus }),
    transactionId: t.exposeInt("transactionId", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField("Station", "reservations", (t) =>
  t.relation("reservations", {
    args: { status: t.arg({ type: ReservationStatus }) },
    query: (args) => ({
      where: args.status ? { status: args.status } : {},
      orderBy: { reservationId: "desc" },
      take: 100,
    }),
  }),
);

builder.mutationFields((t) => ({
  reserveNow: t.prismaField({
    type: "Reservation",
    description:
      "Reserves a connector (0: any connector) for idTag until expiryDate; the status is the charger's answer.",
    args: {
      chargePointId: t.arg.string({ required: true }),
      connectorId: t.arg.int({ required: true }),
      idTag: t.arg.string({ required: true }),
      expiryDate: t.arg({ type: "DateTime", required: true }),
      parentIdTag: t.arg.string(),
    },
    resolve: (_query, _root, { chargePointId, ...request }, { services }) =>
      runCommand(() => services.reservations.reserveNow(chargePointId, request)),
  }),
  cancelReservation: t.field({
    type: CommandResultType,
    description:
      "Sent for any reservationId, also one this system does not know: the charger decides. When it accepts, this " +
      "charge point's stored reservation with that id becomes Cancelled.",
    args: { chargePointId: t.arg.string({ required: true }), reservationId: t.arg.int({ required: true }) },
    resolve: (_root, { chargePointId, reservationId }, { services }) =>
      runCommand(() => services.reservations.cancelReservation(chargePointId, reservationId)),
  }),
}));
