import type { IncomingMessage } from "node:http";
import type { ExecutionArgs, execute } from "graphql";
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import { useServer } from "graphql-ws/use/ws";
import type { WebSocketServer } from "ws";
import type { GraphQLContext } from "./context.js";
import { schema } from "./schema.js";

export type GraphQLServer = YogaServerInstance<Record<string, unknown>, GraphQLContext>;

export function createGraphQLServer(context: GraphQLContext, options: { graphiql: boolean }): GraphQLServer {
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: "/graphql",
    graphiql: options.graphiql ? { subscriptionsProtocol: "WS" } : false,
    context: () => context,
    logging: false,
    maskedErrors: true,
  });
}

/**
 * Serves graphql-ws on the given WebSocket server through yoga's envelop, so subscriptions get the same schema,
 * context and plugins as HTTP requests.
 */
export function serveGraphQLOverWebSocket(yoga: GraphQLServer, wss: WebSocketServer) {
  type Operation = (args: ExecutionArgs) => ReturnType<typeof execute>;
  type RootValue = { execute: Operation; subscribe: Operation };
  return useServer(
    {
      execute: (args) => (args.rootValue as RootValue).execute(args),
      subscribe: (args) => (args.rootValue as RootValue).subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        const request = (ctx.extra as { request: IncomingMessage }).request;
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: request,
          socket: (ctx.extra as { socket: unknown }).socket,
          params,
        });
        const args = {
          schema,
          operationName: params.operationName,
          document: parse(params.query),
          variableValues: params.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length) return errors;
        return args;
      },
    },
    wss,
  );
}
