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

/** What a status means to the operator; a charger's answer unless the command says otherwise. */
export type Interpretation = (status: string, stationName: string) => { message: string; positive: boolean };

const chargerAnswer: Interpretation = (status, stationName) => ({
  message: describeAnswer(status, stationName),
  positive: isPositiveAnswer(status),
});

/** Folds a mutation result into what the operator reads. `answer` picks the charger's status from the data. */
export function commandOutcome<Data>(
  result: Pick<OperationResult<Data>, "data" | "error">,
  answer: (data: Data) => string,
  stationName: string,
  interpret: Interpretation = chargerAnswer,
): CommandState {
  if (result.error) return { phase: "error", message: describeError(result.error, stationName) };
  if (!result.data) return { phase: "error", message: "The server gave no answer." };
  const status = answer(result.data);
  return { phase: "done", status, ...interpret(status, stationName) };
}

/**
 * A command to a charger: run(variables) shows progress, then the charger's answer or the error, in words. A decision
 * the server takes alone (no charger answers) passes `interpret` and a `pendingMessage` of its own.
 */
export function useCommand<Data, Variables extends AnyVariables>(
  mutation: TypedDocumentNode<Data, Variables>,
  answer: (data: Data) => string,
  stationName: string,
  { interpret, pendingMessage }: { interpret?: Interpretation; pendingMessage?: string } = {},
) {
  const [, execute] = useMutation(mutation);
  const [state, setState] = useState<CommandState>({ phase: "idle" });
  const run = useCallback(
    async (variables: Variables) => {
      setState({ phase: "pending", message: pendingMessage ?? `Waiting for ${stationName} to answer…` });
      const result = await execute(variables);
      const outcome = commandOutcome(result, answer, stationName, interpret);
      setState(outcome);
      return result;
    },
    [execute, answer, stationName, interpret, pendingMessage],
  );
  return { state, run, pending: state.phase === "pending" };
}
