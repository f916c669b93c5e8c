import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from "@urql/core";
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";
import { authorizationHeader, clearToken, getToken } from "./auth";
import { type ConnectionStore, connectionStore } from "./connection";

/** Exponential backoff with jitter, 0.5 s doubling up to 15 s. */
export function retryDelayMs(retries: number, random: () => number = Math.random): number {
  const base = Math.min(500 * 2 ** retries, 15_000);
  return Math.round(base / 2 + (random() * base) / 2);
}

const PING_INTERVAL_MS = 10_000;
const PONG_TIMEOUT_MS = 5_000;

/**
 * The graphql-ws link: connected eagerly (so the header can show its state), retried forever with backoff, and
 * closed when a ping goes unanswered so a silently dead connection is noticed too.
 */
export function createLiveLink(url: string, store: ConnectionStore = connectionStore): WsClient {
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  let activeSocket: WebSocket | undefined;
  return createWsClient({
    url,
    lazy: false,
    // Read on every (re)connect, so a new sign-in is picked up.
    connectionParams: () => authorizationHeader(),
    retryAttempts: Infinity,
    shouldRetry: () => true,
    keepAlive: PING_INTERVAL_MS,
    retryWait: async (retries) => {
      const delay = retryDelayMs(retries);
      store.waiting(Date.now() + delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    },
    on: {
      connecting: (isRetry) => store.connecting(isRetry),
      opened: (socket) => {
        activeSocket = socket as WebSocket;
      },
      connected: () => store.connected(),
      ping: (received) => {
        if (received) return;
        pongTimer = setTimeout(() => {
          if (activeSocket?.readyState === WebSocket.OPEN) activeSocket.close(4408, "Pong timeout");
        }, PONG_TIMEOUT_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
      closed: () => {
        clearTimeout(pongTimer);
        activeSocket = undefined;
        store.closed();
      },
    },
  });
}

/** The urql client: queries and mutations over HTTP, subscriptions over graphql-ws, both on /graphql. */
export function createGraphQLClient(origin: string = window.location.origin): Client {
  const live = createLiveLink(`${origin.replace(/^http/, "ws")}/graphql`);
  return new Client({
    url: `${origin}/graphql`,
    requestPolicy: "cache-and-network",
    fetchOptions: () => ({ headers: authorizationHeader() }),
    exchanges: [
      mapExchange({
        onError(error) {
          // An expired or revoked sign-in: forget it and start over at the sign-in form.
          if (getToken() && error.graphQLErrors.some((e) => e.extensions?.code === "UNAUTHENTICATED")) {
            clearToken();
            window.location.reload();
          }
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? "" };
          return {
            subscribe(sink) {
              const unsubscribe = live.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
}
