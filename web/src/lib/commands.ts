import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import type { AnyVariables, OperationResult } from "@urql/core";
import { useMutation } from "@urql/preact";
import { useCallback, useState } from "preact/hooks";
import { describeAnswer, describeError, isPositiveAnswer } from "./errors";

export type CommandState =
  | { phase: "idle" }
  | { phase: "pending"; message: string }
  | { phase: "done"; message: string; status: string; positive: boolean }
  | { phase: "error"; message: string };

/** Folds a mutation result into what the operator reads. `answer` picks the charger's status from the data. */
export function commandOutcome<Data>(
  result: Pick<OperationResult<Data>, "data" | "error">,
  answer: (data: Data) => string,
  stationName: string,
): CommandState {
  if (result.error) return { phase: "error", message: describeError(result.error, stationName) };
  if (!result.data) return { phase: "error", message: "The server gave no answer." };
  const status = answer(result.data);
  return { phase: "done", status, positive: isPositiveAnswer(status), message: describeAnswer(status, stationName) };
}

/** A command to a charger: run(variables) shows progress, then the charger's answer or the error, in words. */
export function useCommand<Data, Variables extends AnyVariables>(
  mutation: TypedDocumentNode<Data, Variables>,
  answer: (data: Data) => string,
  stationName: string,
) {
  const [, execute] = useMutation(mutation);
  const [state, setState] = useState<CommandState>({ phase: "idle" });
  const run = useCallback(
    async (variables: Variables) => {
      setState({ phase: "pending", message: `Waiting for ${stationName} to answer…` });
      const result = await execute(variables);
      const outcome = commandOutcome(result, answer, stationName);
      setState(outcome);
      return result;
    },
    [execute, answer, stationName],
  );
  return { state, run, pending: state.phase === "pending" };
}
