import type { OcppRequests, OcppResponses } from "../../../src/generated/ocpp-types.js";
import type { QueuedMessage } from "../transaction-queue.js";

export type TransactionAction = "StartTransaction" | "StopTransaction" | "MeterValues";

export function queuedMessage<A extends TransactionAction>(
  action: A,
  request: () => OcppRequests[A] | undefined,
  answered?: (answer: OcppResponses[A]) => void,
): QueuedMessage {
  return { action, request, answered: answered as QueuedMessage["answered"] };
}
