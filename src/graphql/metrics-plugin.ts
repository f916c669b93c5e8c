import { type DocumentNode, getOperationAST, type OperationTypeNode } from "graphql";
import type { Plugin } from "graphql-yoga";

/** Where GraphQL reports what it did; implemented by the app's metrics (see src/metrics.ts). */
export type OperationType = `${OperationTypeNode}`;

export type GraphQLObserver = {
  onOperation(type: OperationType, name: string | undefined): void;
  /** One error delivered to a client, by its extensions.code. */
  onError(code: string): void;
  onSubscriptionStarted(): void;
  onSubscriptionEnded(): void;
};

type ErrorLike = { extensions?: Record<string, unknown> | null };

/** Errors without a code are the masked unexpected ones. */
export function errorCode(error: ErrorLike): string {
  const code = error.extensions?.code;
  return typeof code === "string" && code.length > 0 ? code : "INTERNAL_SERVER_ERROR";
}

export function countErrors(observer: GraphQLObserver, errors: readonly ErrorLike[] | null | undefined): void {
  if (errors) for (const error of errors) observer.onError(errorCode(error));
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === "object" && value !== null && Symbol.asyncIterator in value;

function operationOf(document: DocumentNode, operationName: string | null | undefined) {
  const operation = getOperationAST(document, operationName);
  const type: OperationType = operation?.operation ?? "query";
  return { type, name: operation?.name?.value };
}

/**
 * Counts executed operations by type and name (over HTTP and graphql-ws), and the errors of HTTP responses as the
 * client receives them (masked, including parse, validation and authentication errors). graphql-ws errors and
 * active subscriptions are counted in serveGraphQLOverWebSocket, where the socket's results are delivered.
 */
export function useOperationMetrics(observer: GraphQLObserver): Plugin {
  return {
    onExecute({ args }) {
      const { type, name } = operationOf(args.document, args.operationName);
      observer.onOperation(type, name);
    },
    onSubscribe({ args }) {
      const { type, name } = operationOf(args.document, args.operationName);
      observer.onOperation(type, name);
    },
    onResultProcess({ result }) {
      // Streams (subscriptions over SSE, incremental delivery) are not counted here; this app streams over graphql-ws.
      if (isAsyncIterable(result)) return;
      for (const single of Array.isArray(result) ? result : [result]) countErrors(observer, single.errors);
    },
  };
}
