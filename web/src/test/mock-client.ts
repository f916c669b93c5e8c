import { Client, type Exchange, getOperationName, makeResult, type Operation } from "@urql/core";
import { filter, fromPromise, makeSubject, map, merge, mergeMap, pipe, share, type Subject } from "wonka";

type Responder = (
  operation: Operation,
) =>
  | { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }
  | Promise<{ data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;

/**
 * A real urql Client whose transport is replaced: queries and mutations are answered by `respond` (by operation
 * name), subscriptions are fed by the test through `emit`.
 */
export function createMockClient(responders: Record<string, Responder>) {
  const subjects = new Map<string, Subject<unknown>>();
  const operations: Operation[] = [];
  const subjectFor = (name: string) => {
    let subject = subjects.get(name);
    if (!subject) {
      subject = makeSubject<unknown>();
      subjects.set(name, subject);
    }
    return subject;
  };

  const exchange: Exchange = () => (operations$) => {
    const shared = pipe(operations$, share);
    const requests = pipe(
      shared,
      filter((op) => op.kind === "query" || op.kind === "mutation"),
      mergeMap((op) => {
        operations.push(op);
        const name = getOperationName(op.query) ?? "";
        const responder = responders[name];
        if (!responder) throw new Error(`no mock response for operation ${name}`);
        return pipe(
          fromPromise(Promise.resolve(responder(op))),
          map((response) => makeResult(op, response as never)),
        );
      }),
    );
    const subscriptions = pipe(
      shared,
      filter((op) => op.kind === "subscription"),
      mergeMap((op) => {
        operations.push(op);
        const name = getOperationName(op.query) ?? "";
        return pipe(
          subjectFor(name).source,
          map((data) => makeResult(op, { data } as never)),
        );
      }),
    );
    return merge([requests, subscriptions]);
  };

  const client = new Client({
    url: "http://test.invalid/graphql",
    exchanges: [exchange],
    requestPolicy: "network-only",
  });
  return {
    client,
    operations,
    /** The queries, mutations and subscriptions run so far under that operation name. */
    operationsNamed: (name: string) => operations.filter((op) => getOperationName(op.query) === name),
    /** Pushes a subscription event to every subscriber of that operation name. */
    emit(operationName: string, data: unknown) {
      subjectFor(operationName).next(data);
    },
  };
}
