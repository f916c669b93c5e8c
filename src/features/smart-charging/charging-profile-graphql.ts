import type { ChargingProfile } from "./charging-profile-service.js";
import { builder } from "../../graphql/builder.js";
import { runCommand } from "../../graphql/command-errors.js";
import { CommandResultType } from "../../graphql/command-result.js";
import { present } from "../command-answer.js";
import {
  ChargingProfileKind,
  ChargingProfilePurpose,
  ChargingRateUnit,
  RecurrencyKind,
} from "../../graphql/ocpp-enums.js";

const ChargingSchedulePeriodInput = builder.inputType("ChargingSchedulePeriodInput", {
  fields: (t) => ({
    startPeriod: t.int({ required: true, description: "Seconds from the start of the schedule." }),
    limit: t.float({ required: true, description: "In the schedule's chargingRateUnit (A or W)." }),
    numberPhases: t.int(),
  }),
});

const ChargingScheduleInput = builder.inputType("ChargingScheduleInput", {
  fields: (t) => ({
    duration: t.int(),
    startSchedule: t.field({ type: "DateTime" }),
    chargingRateUnit: t.field({ type: ChargingRateUnit, required: true }),
    chargingSchedulePeriod: t.field({ type: [ChargingSchedulePeriodInput], required: true }),
    minChargingRate: t.float(),
  }),
});

export const ChargingProfileInput = builder.inputType("ChargingProfileInput", {
  description: "An OCPP 1.6 ChargingProfile.",
  fields: (t) => ({
    chargingProfileId: t.int({ required: true }),
    transactionId: t.int(),
    stackLevel: t.int({ required: true }),
    chargingProfilePurpose: t.field({ type: ChargingProfilePurpose, required: true }),
    chargingProfileKind: t.field({ type: ChargingProfileKind, required: true }),
    recurrencyKind: t.field({ type: RecurrencyKind }),
    validFrom: t.field({ type: "DateTime" }),
    validTo: t.field({ type: "DateTime" }),
    chargingSchedule: t.field({ type: ChargingScheduleInput, required: true }),
  }),
});

type ChargingProfileArgument = typeof ChargingProfileInput.$inferInput;

/** The charging profile of a GraphQL input: absent fields left out, dates as date-time strings. */
export function toChargingProfile(input: ChargingProfileArgument): ChargingProfile {
  const schedule = input.chargingSchedule;
  return {
    chargingProfileId: input.chargingProfileId,
    stackLevel: input.stackLevel,
    chargingProfilePurpose: input.chargingProfilePurpose,
    chargingProfileKind: input.chargingProfileKind,
    ...present("transactionId", input.transactionId),
    ...present("recurrencyKind", input.recurrencyKind),
    ...present("validFrom", input.validFrom?.toISOString()),
    ...present("validTo", input.validTo?.toISOString()),
    chargingSchedule: {
      chargingRateUnit: schedule.chargingRateUnit,
      chargingSchedulePeriod: schedule.chargingSchedulePeriod.map((period) => ({
        startPeriod: period.startPeriod,
        limit: period.limit,
        ...present("numberPhases", period.numberPhases),
      })),
      ...present("duration", schedule.duration),
      ...present("startSchedule", schedule.startSchedule?.toISOString()),
      ...present("minChargingRate", schedule.minChargingRate),
    },
  };
}

builder.prismaObject("ChargingProfile", {
  description: "A charging profile the charger accepted; clearedAt is set once it was cleared or replaced.",
  fields: (t) => ({
    chargingProfileId: t.exposeInt("chargingProfileId"),
    connectorId: t.exposeInt("connectorId"),
    stackLevel: t.exposeInt("stackLevel"),
    purpose: t.exposeString("purpose"),
    kind: t.exposeString("kind"),
    recurrencyKind: t.exposeString("recurrencyKind", { nullable: true }),
    transactionId: t.exposeInt("transactionId", { nullable: true }),
    validFrom: t.expose("validFrom", { type: "DateTime", nullable: true }),
    validTo: t.expose("validTo", { type: "DateTime", nullable: true }),
    profile: t.expose("profile", { type: "JSON", description: "The OCPP ChargingProfile as sent." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    clearedAt: t.expose("clearedAt", { type: "DateTime", nullable: true }),
  }),
});

builder.prismaObjectField("Station", "chargingProfiles", (t) =>
  t.relation("chargingProfiles", {
    description: "Profiles in force (cleared ones are left out).",
    query: { where: { clearedAt: null }, orderBy: [{ connectorId: "asc" }, { stackLevel: "desc" }] },
  }),
);

const CompositeScheduleResult = builder
  .objectRef<{ status: string; connectorId?: number; scheduleStart?: string; chargingSchedule?: unknown }>(
    "CompositeScheduleResult",
  )
  .implement({
    fields: (t) => ({
      status: t.exposeString("status"),
      connectorId: t.exposeInt("connectorId", { nullable: true }),
      scheduleStart: t.field({
        type: "DateTime",
        nullable: true,
        resolve: (result) => (result.scheduleStart ? new Date(result.scheduleStart) : null),
      }),
      chargingSchedule: t.field({ type: "JSON", nullable: true, resolve: (result) => result.chargingSchedule ?? null }),
    }),
  });

builder.mutationFields((t) => ({
  setChargingProfile: t.field({
    type: CommandResultType,
    args: {
      chargePointId: t.arg.string({ required: true }),
      connectorId: t.arg.int({ required: true, description: "0 applies the profile to the whole charge point." }),
      chargingProfile: t.arg({ type: ChargingProfileInput, required: true }),
    },
    resolve: (_root, args, { services }) =>
      runCommand(() =>
        services.chargingProfiles.setChargingProfile(
          args.chargePointId,
          args.connectorId,
          toChargingProfile(args.chargingProfile),
        ),
      ),
  }),
  clearChargingProfile: t.field({
    type: CommandResultType,
    description: "Clears the profiles matching every given criterion (all profiles when none is given).",
    args: {
      chargePointId: t.arg.string({ required: true }),
      id: t.arg.int(),
      connectorId: t.arg.int(),
      chargingProfilePurpose: t.arg({ type: ChargingProfilePurpose }),
      stackLevel: t.arg.int(),
    },
    resolve: (_root, { chargePointId, id, connectorId, chargingProfilePurpose, stackLevel }, { services }) =>
      runCommand(() =>
        services.chargingProfiles.clearChargingProfile(chargePointId, {
          ...present("id", id),
          ...present("connectorId", connectorId),
          ...present("purpose", chargingProfilePurpose),
          ...present("stackLevel", stackLevel),
        }),
      ),
  }),
  getCompositeSchedule: t.field({
    type: CompositeScheduleResult,
    args: {
      chargePointId: t.arg.string({ required: true }),
      connectorId: t.arg.int({ required: true }),
      duration: t.arg.int({ required: true, description: "Seconds." }),
      chargingRateUnit: t.arg({ type: ChargingRateUnit }),
    },
    resolve: (_root, { chargePointId, connectorId, duration, chargingRateUnit }, { services }) =>
      runCommand(() =>
        services.chargingProfiles.getCompositeSchedule(chargePointId, {
          connectorId,
          durationSeconds: duration,
          ...present("rateUnit", chargingRateUnit),
        }),
      ),
  }),
}));
