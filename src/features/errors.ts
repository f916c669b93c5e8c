/** A command refused before anything was sent to the charger, because it cannot be right. */
export class CommandRejectedError extends Error {
  override name = "CommandRejectedError";
}
