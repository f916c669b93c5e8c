import { createClient } from "graphql-ws";
import WebSocket from "ws";

// The one GraphQL client of the tests: operations (with or without credentials) and subscriptions over graphql-ws
// (with or without connectionParams), against a test app's or a server process's /graphql. Operations go over HTTP
// to a URL, or in process to a test app's `graphqlInProcess` (see GraphQLTarget); the target decides, not the call.

export type GraphQLResponse<T = Record<string, any>> = {
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
};

export type HttpGraphQLResult<T> = { status: number; headers: Headers; body: GraphQLResponse<T> };

/** A GraphQL server called in process: a WHATWG fetch handler such as graphql-yoga's `yoga.fetch`. */
export type InProcessGraphQL = { fetch(url: string, init: RequestInit): Response | Promise<Response> };

/**
 * Where an operation goes: the URL of a /graphql endpoint, reached over HTTP through everything in front of the
 * GraphQL server, or a server called in process (no port, no socket: `{ me { kind } }` took 0.8-1.3 ms against 8-10
 * ms over loopback HTTP, 300 in a row). In process, what the HTTP server adds is missing: body limits, security
 * headers, the client's address (so X-Forwarded-For means nothing); a test that proves one of those sends to the URL.
 */
export type GraphQLTarget = string | InProcessGraphQL;

/** The URL an in-process request names: yoga routes on its path only. */
const IN_PROCESS_URL = "http://in-process/graphql";

/**
 * POSTs a GraphQL operation and returns the HTTP status, headers and body (a non-JSON body becomes an error).
 * `credential` is a JWT or an API key sent as `Authorization: Bearer <credential>`; pass `headers.authorization`
 * instead to send any other Authorization value.
 */
export async function graphqlAs<T = Record<string, any>>(
  target: GraphQLTarget,
  credential: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<HttpGraphQLResult<T>> {
  const [url, send] = typeof target === "string" ? [target, fetch] : [IN_PROCESS_URL, target.fetch.bind(target)];
  const response = await send(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
      ...(credential ? { authorization: `Bearer ${credential}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: GraphQLResponse<T>;
  try {
    body = JSON.parse(text) as GraphQLResponse<T>;
  } catch {
    body = { errors: [{ message: `non-JSON response: ${text.slice(0, 200)}` }] };
  }
  return { status: response.status, headers: response.headers, body };
}

/** POSTs a GraphQL operation without credentials; the response body. */
export async function graphql<T = Record<string, any>>(
  target: GraphQLTarget,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<T>> {
  return (await graphqlAs<T>(target, undefined, query, variables)).body;
}

/** The error codes of a GraphQL response, in order. */
export const errorCodes = (body: GraphQLResponse) => (body.errors ?? []).map((error) => error.extensions?.code);

export type Subscription<T> = {
  /**
   * Resolves once the server acknowledged the connection and (a moment later) the subscription, so events published
   * afterwards are not missed; rejects when the connection was refused.
   */
  ready: Promise<void>;
  /** Every event received and not yet taken by `next`, oldest first. */
  received: T[];
  errors: Array<{ message: string; extensions?: Record<string, unknown> }>;
  /** The close event's code, once the socket closed. */
  closeCode: number | undefined;
  /** Resolves when an event, an error or a close arrived, or after timeoutMs. */
  settled(timeoutMs?: number): Promise<void>;
  /** Takes the first received event (past or future) that matches, or rejects on failure or after timeoutMs. */
  next(match?: (event: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
};

/**
 * A graphql-ws subscription that sends `connectionParams` and records every outcome, refusals included; its events
 * can be awaited one by one.
 */
export function subscribe<T = Record<string, any>>(
  httpUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  connectionParams: Record<string, unknown> = {},
): Subscription<T> {
  const wakers: Array<() => void> = [];
  const wake = () => {
    for (const waker of wakers.splice(0)) waker();
  };
  /** Resolves on the next event, error or close, or after timeoutMs. */
  const change = (timeoutMs: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      wakers.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  let resolveReady!: () => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined);
  const subscription: Subscription<T> = {
    ready,
    received: [],
    errors: [],
    closeCode: undefined,
    async settled(timeoutMs = 3000) {
      if (subscription.received.length || subscription.errors.length || subscription.closeCode !== undefined) return;
      await change(timeoutMs);
    },
    async next(match = () => true, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = subscription.received.findIndex(match);
        if (index >= 0) return subscription.received.splice(index, 1)[0]!;
        if (subscription.errors.length) throw new Error(`subscription failed: ${JSON.stringify(subscription.errors)}`);
        if (subscription.closeCode !== undefined) {
          throw new Error(`subscription socket closed with ${subscription.closeCode}`);
        }
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`no matching subscription event within ${timeoutMs} ms`);
        await change(remaining);
      }
    },
    async close() {
      dispose();
      await client.dispose();
    },
  };
  const client = createClient({
    url: httpUrl.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams,
    // Refusals are what some tests look for: record them, do not print them.
    onNonLazyError: () => undefined,
    on: {
      // graphql-ws acknowledges the connection but not a subscription: the server registers it a moment after the
      // ack, and nothing tells the client when. The short wait is the only way; 50 ms is many times that moment.
      connected: () => setTimeout(resolveReady, 50),
      closed: (event) => {
        subscription.closeCode = (event as { code?: number }).code ?? -1;
        rejectReady(new Error(`closed with ${subscription.closeCode}`));
        wake();
      },
    },
  });
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) subscription.errors.push(...(result.errors as Subscription<T>["errors"]));
        if (result.data) subscription.received.push(result.data as T);
        wake();
      },
      error: (error) => {
        if (Array.isArray(error)) subscription.errors.push(...(error as Subscription<T>["errors"]));
        else if (error && typeof error === "object" && "code" in error) {
          subscription.closeCode ??= (error as { code: number }).code;
        } else subscription.errors.push({ message: String(error) });
        wake();
      },
      complete: () => wake(),
    },
  );
  return subscription;
}
