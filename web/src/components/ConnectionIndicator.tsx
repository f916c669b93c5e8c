import { type ConnectionStore, connectionStore, useConnection } from "../lib/connection";
import { useNow } from "../lib/hooks";

/** The app's own live link to the server, always in the header. */
export function ConnectionIndicator({ store = connectionStore }: { store?: ConnectionStore }) {
  const { status, retryAt } = useConnection(store);
  const now = useNow(1000);
  const label =
    status === "connected"
      ? "Live"
      : status === "connecting"
        ? "Connecting…"
        : retryAt && retryAt > now
          ? `Reconnecting in ${Math.ceil((retryAt - now) / 1000)} s`
          : "Reconnecting…";
  return (
    <div class={`live live-${status}`} role="status" aria-live="polite" data-connection={status}>
      <span class="dot" aria-hidden="true" />
      <span class="live-label">{label}</span>
    </div>
  );
}
