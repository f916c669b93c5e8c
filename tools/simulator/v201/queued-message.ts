import type { Ocpp201Requests, Ocpp201Responses } from "../../../src/generated/ocpp201-types.js";
import type { QueuedMessage } from "../transaction-queue.js";

export type TransactionAction = "TransactionEvent" | "MeterValues";

export function queuedMessage<A extends TransactionAction>(
  action: A,
  request: () => Ocpp201Requests[A] | undefined,
  answered?: (answer: Ocpp201Responses[A]) => void,
): QueuedMessage {
  return { action, request, answered: answered as QueuedMessage["answered"] };
}
