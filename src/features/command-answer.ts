import type { CommandStatus } from "../generated/ocpp-vocabulary.js";

/** A charger's answer to a command: one of the statuses the protocol versions answer with. */
export type CommandAnswer = { status: CommandStatus };

/** Leaves out what is absent: the protocol's schemas forbid null where an optional field has no value. */
export const present = <K extends string, V>(key: K, value: V | null | undefined) =>
  value === null || value === undefined ? {} : ({ [key]: value } as Record<K, V>);
