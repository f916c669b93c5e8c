import { builder } from "../../graphql/builder.js";
import { runCommand } from "../../graphql/command-errors.js";
import { CommandResultType } from "../../graphql/command-result.js";

const GetDiagnosticsResult = builder.objectRef<{ fileName?: string }>("GetDiagnosticsResult").implement({
  fields: (t) => ({
    fileName: t.exposeString("fileName", {
      nullable: true,
      description: "The file the charger will upload; absent when it has no diagnostics.",
    }),
  }),
});

builder.mutationFields((t) => ({
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
    resolve: (_root, { chargePointId, location, retrieveDate, retries, retryInterval }, { services }) =>
      runCommand(() =>
        services.firmware.updateFirmware(chargePointId, {
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
    resolve: (_root, args, { services }) =>
      runCommand(() =>
        services.firmware.getDiagnostics(args.chargePointId, {
          location: args.location,
          retries: args.retries ?? undefined,
          retryIntervalSeconds: args.retryInterval ?? undefined,
          startTime: args.startTime ?? undefined,
          stopTime: args.stopTime ?? undefined,
        }),
      ),
  }),
}));
