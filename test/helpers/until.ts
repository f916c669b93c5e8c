/** Between two looks at the condition: short next to anything awaited, long enough not to busy the CPU. */
const POLL_INTERVAL_MS = 20;

type Truthy<T> = Exclude<T, false | 0 | "" | null | undefined>;

/**
 * Polls `condition` until it returns a truthy value and resolves with that value; rejects after timeoutMs naming
 * `what` did not happen. For state that is reached but not announced (a row written, a gauge moved, a socket closed);
 * to assert on a value as it changes, use `expect.poll`. The default timeout is the one `expect.poll` has here (see
 * vitest.config.ts): a loaded two-core runner has taken over a second for what an idle one does in milliseconds.
 */
export async function until<T>(condition: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<Truthy<T>> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as Truthy<T>;
    if (performance.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
