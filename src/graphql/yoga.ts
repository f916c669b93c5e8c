import type { IncomingMessage } from "node:http";
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { useDisableIntrospection } from "@graphql-yoga/plugin-disable-introspection";
import { type ExecutionArgs, type execute, GraphQLError } from "graphql";
import { type Plugin, createYoga, maskError, type YogaServerInstance } from "graphql-yoga";
import { useServer } from "graphql-ws/use/ws";
import type { WebSocketServer } from "ws";
import { AuthenticationError, type Authenticator } from "../auth/authenticator.js";
import { actorName, type Principal } from "../auth/roles.js";
import type { Config } from "../config.js";
import { isDatabaseUnavailable } from "../db/client.js";
import { withActor } from "../domain/actor.js";
import type { GraphQLContext, ServerContext } from "./context.js";
import { countErrors, type GraphQLObserver, useOperationMetrics } from "./metrics-plugin.js";
import { schema } from "./schema.js";

export type GraphQLServer = YogaServerInstance<Record<string, unknown>, GraphQLContext>;
type InitialContext = { request?: Request; connectionParams?: Record<string, unknown>; principal?: Principal | null };

const unauthenticated = (message: string) =>
  new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });

/** Echoes an allowed origin back, and nothing at all for any other (never `null`, never `*`). */
function corsFor(allowed: string[] | undefined) {
  if (!allowed) return false as const;
  return (request: Request) => {
    const origin = request.headers.get("origin");
    return origin && allowed.includes(origin) ? { origin, credentials: true } : false;
  };
}

/** Attributes everything an operation sends to chargers to the principal who asked for it. */
const useActor = (): Plugin<GraphQLContext> => ({
  onExecute({ args, executeFn, setExecuteFn }) {
    const principal = (args.contextValue as GraphQLContext).principal;
    if (principal)
      setExecuteFn((executionArgs) => withActor(actorName(principal), async () => executeFn(executionArgs)));
  },
});

export function createGraphQLServer(
  server: ServerContext,
  authenticator: Authenticator,
  security: Config["security"],
  observer?: GraphQLObserver,
): GraphQLServer {
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: "/graphql",
    graphiql: security.graphiql ? { subscriptionsProtocol: "WS" } : false,
    landingPage: false,
    cors: corsFor(security.corsOrigins),
    batching: { limit: security.maxBatch },
    logging: false,
    maskedErrors: {
      // A database that went away is worth telling the client: the call may succeed later, nothing is wrong with it.
      maskError: (error, message, isDev) =>
        isDatabaseUnavailable(error)
          ? new GraphQLError("The database is unavailable or did not answer in time; try again later", {
              extensions: { code: "DATABASE_UNAVAILABLE", http: { status: 503 } },
            })
          : maskError(error, message, isDev),
    },
    context: async (initial: InitialContext) => {
      if (initial.principal !== undefined) return { ...server, principal: initial.principal };
      try {
        return {
          ...server,
          principal: await authenticator.authenticate(initial.request?.headers.get("authorization")),
        };
      } catch (error) {
        if (error instanceof AuthenticationError) throw unauthenticated(error.message);
        throw error;
      }
    },
    plugins: [
      EnvelopArmorPlugin({
        maxDepth: { n: security.maxDepth },
        maxAliases: { n: security.maxAliases },
        // Cost is measured by Pothos' complexity plugin, which sees the variables (see builder.ts).
        costLimit: { enabled: false },
        maxTokens: { n: security.maxTokens },
        maxDirectives: { n: 20 },
        blockFieldSuggestion: { enabled: !security.introspection },
      }),
      ...(security.introspection ? [] : [useDisableIntrospection()]),
      useActor(),
      ...(observer ? [useOperationMetrics(observer)] : []),
    ],
  });
}

/**
 * Serves graphql-ws on the given WebSocket server through yoga's envelop, so subscriptions get the same schema,
 * context and plugins as HTTP requests. Credentials come once, in connectionParams.Authorization.
 */
export function serveGraphQLOverWebSocket(
  yoga: GraphQLServer,
  wss: WebSocketServer,
  authenticator: Authenticator,
  observer?: GraphQLObserver,
) {
  type Operation = (args: ExecutionArgs) => ReturnType<typeof execute>;
  type RootValue = { execute: Operation; subscribe: Operation };
  type Extra = { request: IncomingMessage; socket: unknown; principal?: Principal | null };
  /** Subscription ids per socket that are streaming, so that completing one ends it in the gauge exactly once. */
  const streaming = new WeakMap<object, Set<string>>();
  return useServer(
    {
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const authorization = params.Authorization ?? params.authorization;
        try {
          (ctx.extra as Extra).principal = await authenticator.authenticate(
            typeof authorization === "string" ? authorization : undefined,
          );
          return true;
        } catch {
          return false;
        }
      },
      execute: (args) => (args.rootValue as RootValue).execute(args),
      subscribe: (args) => (args.rootValue as RootValue).subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        const extra = ctx.extra as Extra;
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: extra.request,
          socket: extra.socket,
          params,
          principal: extra.principal ?? null,
        });
        let document;
        try {
          document = parse(params.query);
        } catch (error) {
          const message = error instanceof GraphQLError ? error.message : "Could not parse the query";
          return [new GraphQLError(message, { extensions: { code: "GRAPHQL_PARSE_FAILED" } })];
        }
        const args = {
          schema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length) {
          // The same code HTTP answers with, so both transports count (and read) alike.
          return errors.map((error: GraphQLError) =>
            error.extensions.code
              ? error
              : new GraphQLError(error.message, {
                  nodes: error.nodes,
                  extensions: { ...error.extensions, code: "GRAPHQL_VALIDATION_FAILED" },
                }),
          );
        }
        return args;
      },
      onOperation: (ctx, id, _payload, _args, result) => {
        if (!observer || !(Symbol.asyncIterator in result)) return;
        let ids = streaming.get(ctx);
        if (!ids) streaming.set(ctx, (ids = new Set()));
        ids.add(id);
        observer.onSubscriptionStarted();
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (observer) countErrors(observer, result.errors);
      },
      onError: (_ctx, _id, _payload, errors) => {
        if (observer) countErrors(observer, errors);
      },
      onComplete: (ctx, id) => {
        if (streaming.get(ctx)?.delete(id)) observer?.onSubscriptionEnded();
      },
    },
    wss,
  );
}
