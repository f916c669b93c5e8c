import { COMMAND_STATUSES, type CommandStatus } from "../generated/ocpp-vocabulary.js";
import { builder } from "./builder.js";

const CommandStatusType = builder.enumType("CommandStatus", {
  description: "A status a charger's answer to a command can carry, spelled as in OCPP.",
  values: COMMAND_STATUSES,
});

export const CommandResultType = builder.objectRef<{ status?: CommandStatus }>("CommandResult").implement({
  description: "The charger's answer to a command.",
  fields: (t) => ({
    status: t.field({
      type: CommandStatusType,
      description:
        "The charger's own status value (Accepted, Rejected, RebootRequired, ...). Operations whose answer has no " +
        "status (UpdateFirmware) report Accepted once the charger confirmed receipt.",
      resolve: (answer) => answer.status ?? "Accepted",
    }),
  }),
});
