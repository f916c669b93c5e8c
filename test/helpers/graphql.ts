import { createClient } from "graphql-ws";
import WebSocket from "ws";

export type GraphQLResponse<T = Record<string, any>> = {
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
};

export async function graphql<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}

/**
 * A graphql-ws subscription whose events can be awaited one by one; `ready` resolves once the server has
 * acknowledged it, so events published afterwards are not missed.
 */
export function subscribe<T = Record<string, any>>(
  httpUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
) {
  const client = createClient({
    url: httpUrl.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
  });
  const received: T[] = [];
  const waiters: Array<() => void> = [];
  let failure: unknown;
  const ready = new Promise<void>((resolve) => {
    client.on("connected", () => setTimeout(resolve, 50));
  });
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) failure = result.errors;
        if (result.data) received.push(result.data as T);
        for (const wake of waiters.splice(0)) wake();
      },
      error: (error) => {
        failure = error;
        for (const wake of waiters.splice(0)) wake();
      },
      complete: () => {},
    },
  );

  /** Resolves with the first received event (past or future) that matches, or rejects after timeoutMs. */
  async function next(match: (event: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (failure) throw new Error(`subscription failed: ${JSON.stringify(failure)}`);
      const index = received.findIndex(match);
      if (index >= 0) return received.splice(index, 1)[0]!;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no matching subscription event within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  return {
    ready,
    next,
    received,
    async close() {
      dispose();
      await client.dispose();
    },
  };
}
