import type { IncomingMessage } from "node:http";
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { useDisableIntrospection } from "@graphql-yoga/plugin-disable-introspection";
import { type ExecutionArgs, type execute, getOperationAST, GraphQLError } from "graphql";
import { type Plugin, createYoga, maskError, type YogaServerInstance } from "graphql-yoga";
import { useServer } from "graphql-ws/use/ws";
import proxyAddress from "proxy-addr";
import type { WebSocket, WebSocketServer } from "ws";
import { AuthenticationError, type Authenticator, CredentialExpiredError } from "../auth/authenticator.js";
import { actorName, type Principal } from "../auth/roles.js";
import type { Config } from "../config.js";
import { isDatabaseUnavailable } from "../db/client.js";
import { withActor } from "../features/actor.js";
import type { EventStreams } from "./event-streams.js";
import type { GraphQLContext, ServerContext } from "./context.js";
import { countErrors, type GraphQLObserver, useOperationMetrics } from "./metrics-plugin.js";
import { schema } from "./schema.js";
import { SocketCloseCode, type SocketSession, SocketSessions } from "./socket-sessions.js";

export type GraphQLServer = YogaServerInstance<Record<string, unknown>, GraphQLContext>;
type InitialContext = {
  request?: Request;
  /** Node's request, under HTTP (yoga's node adapter) and graphql-ws (passed to getEnveloped) alike. */
  req?: IncomingMessage;
  connectionParams?: Record<string, unknown>;
  principal?: Principal | null;
};
type TrustProxy = Config["trustProxy"];

/** The client's address: the socket's peer, or the address a trusted proxy names in X-Forwarded-For. */
function clientAddress(request: IncomingMessage | undefined, trustProxy: TrustProxy): string | undefined {
  if (!request?.socket.remoteAddress || !trustProxy) return request?.socket.remoteAddress;
  return proxyAddress(request, trustProxy);
}

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
  security: Config["security"] & { trustProxy?: TrustProxy },
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
      const address = clientAddress(initial.req, security.trustProxy);
      if (initial.principal !== undefined) return { ...server, principal: initial.principal, clientAddress: address };
      try {
        return {
          ...server,
          principal: await authenticator.authenticate(initial.request?.headers.get("authorization")),
          clientAddress: address,
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

export type GraphQLSocketOptions = {
  /** Where principal changes (revocations, role changes) are announced; see SocketSessions. */
  events: EventStreams;
  /** Operations one socket may have open at once; beyond it a subscribe gets TOO_MANY_SUBSCRIPTIONS. */
  maxSubscriptionsPerSocket: number;
};

const socketError = (message: string, code: string) => new GraphQLError(message, { extensions: { code } });

/**
 * Serves graphql-ws on the given WebSocket server through yoga's envelop, so subscriptions get the same schema,
 * context and plugins as HTTP requests. Credentials come once, in connectionParams.Authorization, and are checked
 * again for every operation; a socket whose credential dies (revoked, user deleted, disabled or given another role,
 * token expired) is closed with its subscriptions (see SocketSessions and docs/api-access.md).
 */
export function serveGraphQLOverWebSocket(
  yoga: GraphQLServer,
  wss: WebSocketServer,
  authenticator: Authenticator,
  options: GraphQLSocketOptions,
  observer?: GraphQLObserver,
) {
  type Operation = (args: ExecutionArgs) => ReturnType<typeof execute>;
  type RootValue = { execute: Operation; subscribe: Operation };
  type Extra = {
    request: IncomingMessage;
    socket: WebSocket;
    principal?: Principal | null;
    authorization?: string;
    session?: SocketSession;
    /** Ids of this socket's operations that are subscriptions, for the cap. */
    subscriptionIds?: Set<string>;
  };
  /** Subscription ids per socket that are streaming, so that completing one ends it in the gauge exactly once. */
  const streaming = new WeakMap<object, Set<string>>();
  const sessions = new SocketSessions(options.events);
  sessions.start();
  const server = useServer(
    {
      onConnect: async (ctx) => {
        const extra = ctx.extra as Extra;
        const params = ctx.connectionParams ?? {};
        const authorization = params.Authorization ?? params.authorization;
        extra.authorization = typeof authorization === "string" ? authorization : undefined;
        try {
          extra.principal = await authenticator.authenticate(extra.authorization);
        } catch {
          return false;
        }
        // Gone while its credential was checked: onClose has run already, so it must not be registered.
        if (extra.socket.readyState !== extra.socket.OPEN) return false;
        extra.session = {
          principal: extra.principal,
          close: (code, reason) => {
            // The close handshake may take a while; nothing more may stream meanwhile.
            for (const subscription of Object.values(ctx.subscriptions)) {
              if (subscription && "return" in subscription) void subscription.return?.(undefined);
            }
            extra.socket.close(code, reason);
          },
        };
        sessions.opened(extra.session);
        return true;
      },
      onClose: (ctx) => {
        const { session } = ctx.extra as Extra;
        if (session) sessions.closed(session);
      },
      execute: (args) => (args.rootValue as RootValue).execute(args),
      subscribe: (args) => (args.rootValue as RootValue).subscribe(args),
      onSubscribe: async (ctx, id, params) => {
        const extra = ctx.extra as Extra;
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: extra.request,
          socket: extra.socket,
          params,
        });
        let document;
        try {
          document = parse(params.query);
        } catch (error) {
          const message = error instanceof GraphQLError ? error.message : "Could not parse the query";
          return [new GraphQLError(message, { extensions: { code: "GRAPHQL_PARSE_FAILED" } })];
        }
        // Counted before anything is awaited, so that a burst of subscribe messages cannot all slip under the cap.
        if (getOperationAST(document, params.operationName)?.operation === "subscription") {
          const ids = (extra.subscriptionIds ??= new Set());
          for (const known of ids) if (!(known in ctx.subscriptions)) ids.delete(known);
          if (ids.size >= options.maxSubscriptionsPerSocket) {
            return [
              socketError(
                `At most ${options.maxSubscriptionsPerSocket} subscriptions per socket; complete one or open another socket`,
                "TOO_MANY_SUBSCRIPTIONS",
              ),
            ];
          }
          ids.add(id);
        }
        // The credential is checked again for every operation: it may have been revoked, its user deleted or
        // demoted, or the token may have expired since the socket connected.
        let principal: Principal | null;
        try {
          principal = await authenticator.authenticate(extra.authorization);
        } catch (error) {
          const expired = error instanceof CredentialExpiredError;
          extra.session?.close(
            expired ? SocketCloseCode.credentialExpired : SocketCloseCode.credentialRevoked,
            expired ? "Credential expired" : "Credential revoked or changed",
          );
          return [
            socketError(error instanceof AuthenticationError ? error.message : "Not authenticated", "UNAUTHENTICATED"),
          ];
        }
        if (principal?.role !== extra.principal?.role) {
          // Subscriptions started under the old role must not keep streaming: the socket starts over.
          extra.session?.close(SocketCloseCode.credentialRevoked, "Credential revoked or changed");
          return [socketError("Your role changed; reconnect", "FORBIDDEN")];
        }
        const args = {
          schema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue: await contextFactory({ principal }),
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
  return {
    async dispose() {
      await sessions.stop();
      await server.dispose();
    },
  };
}
