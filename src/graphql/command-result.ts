import { builder } from "./builder.js";

export const CommandResultType = builder.objectRef<{ status?: string }>("CommandResult").implement({
  description: "The charger's answer to a command.",
  fields: (t) => ({
    status: t.string({
      description:
        "The charger's own status value (Accepted, Rejected, RebootRequired, ...). Operations whose answer has no " +
        "status (UpdateFirmware) report Accepted once the charger confirmed receipt.",
      resolve: (answer) => answer.status ?? "Accepted",
    }),
  }),
});

/** OCPP schemas forbid null where GraphQL passes null for an omitted argument: leave such fields out. */
export const present = <K extends string, V>(key: K, value: V | null | undefined) =>
  value === null || value === undefined ? {} : ({ [key]: value } as Record<K, V>);
