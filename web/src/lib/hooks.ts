import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import type { AnyVariables } from "@urql/core";
import { useClient } from "@urql/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { useConnection } from "./connection";

/**
 * Runs a subscription for as long as the component is mounted (and its variables stay the same) and hands every
 * event to onData. graphql-ws re-subscribes by itself after a reconnect.
 */
export function useSubscriptionEvents<Data, Variables extends AnyVariables>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  onData: (data: Data) => void,
  pause = false,
): void {
  const client = useClient();
  const handler = useRef(onData);
  handler.current = onData;
  const key = JSON.stringify(variables ?? {});
  useEffect(() => {
    if (pause) return;
    const subscription = client.subscription(query, variables).subscribe((result) => {
      if (result.data) handler.current(result.data);
    });
    return () => subscription.unsubscribe();
    // The variables are compared by value through `key`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, query, key, pause]);
}

/** Calls refetch whenever the live link comes back after a drop: events sent meanwhile were missed. */
export function useRefetchOnReconnect(refetch: () => void): void {
  const { epoch } = useConnection();
  const first = useRef(epoch);
  const latest = useRef(refetch);
  latest.current = refetch;
  useEffect(() => {
    if (epoch > first.current && epoch > 1) latest.current();
  }, [epoch]);
}

/** The current time, refreshed every intervalMs (for "3 min ago" and running durations). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Calls fn at most once per intervalMs; calls made meanwhile are folded into one trailing call. */
export function useThrottled(fn: () => void, intervalMs: number): () => void {
  const latest = useRef(fn);
  latest.current = fn;
  const state = useRef<{ last: number; timer?: ReturnType<typeof setTimeout> }>({ last: 0 });
  useEffect(() => () => clearTimeout(state.current.timer), []);
  return useRef(() => {
    const s = state.current;
    if (s.timer) return;
    const wait = Math.max(0, s.last + intervalMs - Date.now());
    s.timer = setTimeout(() => {
      s.timer = undefined;
      s.last = Date.now();
      latest.current();
    }, wait);
  }).current;
}

/** Sets the document title for the current page. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · OCPP Central`;
  }, [title]);
}
