import type { LocalAuthListService } from "../local-list/local-list-service.js";
import { builder } from "../../graphql/builder.js";
import { ChargingProfileInput, toChargingProfile } from "../smart-charging/charging-profile-graphql.js";
import { runCommand } from "../../graphql/command-errors.js";
import { CommandResultType } from "../../graphql/command-result.js";
import { AvailabilityType, MessageTrigger, ResetType, UpdateStatus, UpdateType } from "../../graphql/ocpp-enums.js";

const DataTransferResult = builder.objectRef<{ status: string; data?: string }>("DataTransferResult").implement({
  fields: (t) => ({
    status: t.exposeString("status"),
    data: t.exposeString("data", { nullable: true }),
  }),
});

const GetDiagnosticsResult = builder.objectRef<{ fileName?: string }>("GetDiagnosticsResult").implement({
  fields: (t) => ({
    fileName: t.exposeString("fileName", {
      nullable: true,
      description: "The file the charger will upload; absent when it has no diagnostics.",
    }),
  }),
});

const LocalListResult = builder.objectRef<{ status?: string; listVersion: number }>("LocalListResult").implement({
  fields: (t) => ({
    status: t.string({ resolve: (answer) => answer.status ?? "Accepted" }),
    listVersion: t.exposeInt("listVersion"),
  }),
});

const SendLocalListResult = builder
  .objectRef<Awaited<ReturnType<LocalAuthListService["sendLocalList"]>>>("SendLocalListResult")
  .implement({
    description: "The charger's answer to SendLocalList and the version that was sent.",
    fields: (t) => ({
      status: t.expose("status", {
        type: UpdateStatus,
        description: "The charger's status; only Accepted makes listVersion the station's localListVersion.",
      }),
      listVersion: t.exposeInt("listVersion", { description: "The version sent with this update." }),
    }),
  });

builder.mutationFields((t) => ({
  remoteStartTransaction: t.field({
    type: CommandResultType,
    args: {
      chargePointId: t.arg.string({ required: true }),
      idTag: t.arg.string({ required: true }),
      connectorId: t.arg.int(),
      chargingProfile: t.arg({ type: ChargingProfileInput, description: "Must have purpose TxProfile." }),
    },
    resolve: (_root, { chargePointId, idTag, connectorId, chargingProfile }, { commands }) =>
      runCommand(() =>
        commands.remoteControl.startSession(chargePointId, {
          idTag,
          connectorId: connectorId ?? undefined,
          chargingProfile: chargingProfile ? toChargingProfile(chargingProfile) : undefined,
        }),
      ),
  }),
  remoteStopTransaction: t.field({
    type: CommandResultType,
    description:
      "Sent for any transactionId, also one this system does not know or has closed: the charger decides. The " +
      "transaction ends here when the charger sends its StopTransaction.",
    args: { chargePointId: t.arg.string({ required: true }), transactionId: t.arg.int({ required: true }) },
    resolve: (_root, { chargePointId, transactionId }, { commands }) =>
      runCommand(() => commands.remoteControl.stopSession(chargePointId, transactionId)),
  }),
  reset: t.field({
    type: CommandResultType,
    args: { chargePointId: t.arg.string({ required: true }), type: t.arg({ type: ResetType, required: true }) },
    resolve: (_root, { chargePointId, type }, { commands }) =>
      runCommand(() => commands.remoteControl.reset(chargePointId, type)),
  }),
  unlockConnector: t.field({
    type: CommandResultType,
    args: { chargePointId: t.arg.string({ required: true }), connectorId: t.arg.int({ required: true }) },
    resolve: (_root, { chargePointId, connectorId }, { commands }) =>
      runCommand(() => commands.remoteControl.unlockConnector(chargePointId, connectorId)),
  }),
  changeAvailability: t.field({
    type: CommandResultType,
    args: {
      chargePointId: t.arg.string({ required: true }),
      connectorId: t.arg.int({ required: true, description: "0 for the whole charge point." }),
      type: t.arg({ type: AvailabilityType, required: true }),
    },
    resolve: (_root, { chargePointId, connectorId, type }, { commands }) =>
      runCommand(() => commands.remoteControl.changeAvailability(chargePointId, connectorId, type)),
  }),
  clearCache: t.field({
    type: CommandResultType,
    args: { chargePointId: t.arg.string({ required: true }) },
    resolve: (_root, { chargePointId }, { commands }) =>
      runCommand(() => commands.remoteControl.clearAuthorizationCache(chargePointId)),
  }),
  dataTransfer: t.field({
    type: DataTransferResult,
    args: {
      chargePointId: t.arg.string({ required: true }),
      vendorId: t.arg.string({ required: true }),
      messageId: t.arg.string(),
      data: t.arg.string(),
    },
    resolve: (_root, { chargePointId, vendorId, messageId, data }, { commands }) =>
      runCommand(() =>
        commands.remoteControl.dataTransfer(chargePointId, {
          vendorId,
          messageId: messageId ?? undefined,
          data: data ?? undefined,
        }),
      ),
  }),
  triggerMessage: t.field({
    type: CommandResultType,
    args: {
      chargePointId: t.arg.string({ required: true }),
      requestedMessage: t.arg({ type: MessageTrigger, required: true }),
      connectorId: t.arg.int(),
    },
    resolve: (_root, { chargePointId, requestedMessage, connectorId }, { commands }) =>
      runCommand(() =>
        commands.remoteControl.triggerMessage(chargePointId, {
          message: requestedMessage,
          connectorId: connectorId ?? undefined,
        }),
      ),
  }),
  updateFirmware: t.field({
    type: CommandResultType,
    description: "Progress arrives as FirmwareStatusNotification: see Station.firmwareStatus and stationUpdated.",
    args: {
      chargePointId: t.arg.string({ required: true }),
      location: t.arg.string({ required: true, description: "URI the charger downloads the firmware from." }),
      retrieveDate: t.arg({ type: "DateTime", required: true }),
      retries: t.arg.int(),
      retryInterval: t.arg.int({ description: "Seconds." }),
    },
    resolve: (_root, { chargePointId, location, retrieveDate, retries, retryInterval }, { commands }) =>
      runCommand(() =>
        commands.remoteControl.updateFirmware(chargePointId, {
          location,
          retrieveDate,
          retries: retries ?? undefined,
          retryIntervalSeconds: retryInterval ?? undefined,
        }),
      ),
  }),
  getDiagnostics: t.field({
    type: GetDiagnosticsResult,
    description: "Progress arrives as DiagnosticsStatusNotification: see Station.diagnosticsStatus.",
    args: {
      chargePointId: t.arg.string({ required: true }),
      location: t.arg.string({ required: true, description: "URI the charger uploads the diagnostics to." }),
      retries: t.arg.int(),
      retryInterval: t.arg.int(),
      startTime: t.arg({ type: "DateTime" }),
      stopTime: t.arg({ type: "DateTime" }),
    },
    resolve: (_root, args, { commands }) =>
      runCommand(() =>
        commands.remoteControl.getDiagnostics(args.chargePointId, {
          location: args.location,
          retries: args.retries ?? undefined,
          retryIntervalSeconds: args.retryInterval ?? undefined,
          startTime: args.startTime ?? undefined,
          stopTime: args.stopTime ?? undefined,
        }),
      ),
  }),
  getLocalListVersion: t.field({
    type: LocalListResult,
    description: "listVersion -1 means the charger has no local list support, 0 an empty list.",
    args: { chargePointId: t.arg.string({ required: true }) },
    resolve: (_root, { chargePointId }, { commands }) =>
      runCommand(async () => ({ listVersion: await commands.localAuthList.getLocalListVersion(chargePointId) })),
  }),
  sendLocalList: t.field({
    type: SendLocalListResult,
    description:
      "Full: the charger's list becomes the given ID tags (all ID tags when idTags is absent; an empty idTags " +
      "clears the list). Differential: the named tags are updated from the database; named tags that do not " +
      "exist are removed from the list.",
    args: {
      chargePointId: t.arg.string({ required: true }),
      updateType: t.arg({ type: UpdateType, required: true }),
      idTags: t.arg.stringList(),
      listVersion: t.arg.int({ description: "Defaults to the station's last confirmed version + 1." }),
    },
    resolve: (_root, { chargePointId, updateType, idTags, listVersion }, { commands }) =>
      runCommand(() => commands.localAuthList.sendLocalList(chargePointId, { updateType, idTags, listVersion })),
  }),
}));

builder.prismaObjectField("Station", "localListVersion", (t) =>
  t.exposeInt("localListVersion", { nullable: true, description: "Last local list version the charger confirmed." }),
);
