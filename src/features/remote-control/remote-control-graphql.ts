import { builder } from "../../graphql/builder.js";
import { ChargingProfileInput, toChargingProfile } from "../smart-charging/charging-profile-graphql.js";
import { runCommand } from "../../graphql/command-errors.js";
import { CommandResultType } from "../../graphql/command-result.js";
import { AvailabilityType, MessageTrigger, ResetType } from "../../graphql/ocpp-enums.js";

const DataTransferResult = builder.objectRef<{ status: string; data?: string }>("DataTransferResult").implement({
  fields: (t) => ({
    status: t.exposeString("status"),
    data: t.exposeString("data", { nullable: true }),
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
    resolve: (_root, { chargePointId, idTag, connectorId, chargingProfile }, { services }) =>
      runCommand(() =>
        services.remoteControl.startSession(chargePointId, {
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
    resolve: (_root, { chargePointId, transactionId }, { services }) =>
      runCommand(() => services.remoteControl.stopSession(chargePointId, transactionId)),
  }),
  reset: t.field({
    type: CommandResultType,
    args: { chargePointId: t.arg.string({ required: true }), type: t.arg({ type: ResetType, required: true }) },
    resolve: (_root, { chargePointId, type }, { services }) =>
      runCommand(() => services.remoteControl.reset(chargePointId, type)),
  }),
  unlockConnector: t.field({
    type: CommandResultType,
    args: { chargePointId: t.arg.string({ required: true }), connectorId: t.arg.int({ required: true }) },
    resolve: (_root, { chargePointId, connectorId }, { services }) =>
      runCommand(() => services.remoteControl.unlockConnector(chargePointId, connectorId)),
  }),
  changeAvailability: t.field({
    type: CommandResultType,
    args: {
      chargePointId: t.arg.string({ required: true }),
      connectorId: t.arg.int({ required: true, description: "0 for the whole charge point." }),
      type: t.arg({ type: AvailabilityType, required: true }),
    },
    resolve: (_root, { chargePointId, connectorId, type }, { services }) =>
      runCommand(() => services.remoteControl.changeAvailability(chargePointId, connectorId, type)),
  }),
  clearCache: t.field({
    type: CommandResultType,
    args: { chargePointId: t.arg.string({ required: true }) },
    resolve: (_root, { chargePointId }, { services }) =>
      runCommand(() => services.remoteControl.clearAuthorizationCache(chargePointId)),
  }),
  dataTransfer: t.field({
    type: DataTransferResult,
    args: {
      chargePointId: t.arg.string({ required: true }),
      vendorId: t.arg.string({ required: true }),
      messageId: t.arg.string(),
      data: t.arg.string(),
    },
    resolve: (_root, { chargePointId, vendorId, messageId, data }, { services }) =>
      runCommand(() =>
        services.remoteControl.dataTransfer(chargePointId, {
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
    resolve: (_root, { chargePointId, requestedMessage, connectorId }, { services }) =>
      runCommand(() =>
        services.remoteControl.triggerMessage(chargePointId, {
          message: requestedMessage,
          connectorId: connectorId ?? undefined,
        }),
      ),
  }),
}));
