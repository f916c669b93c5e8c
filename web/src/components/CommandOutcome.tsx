import type { CommandState } from "../lib/commands";

/** Progress while the charger is asked, then its answer or what went wrong; announced to screen readers. */
export function CommandOutcome({ state }: { state: CommandState }) {
  return (
    <p
      class={`outcome outcome-${state.phase}${state.phase === "done" && !state.positive ? " outcome-negative" : ""}`}
      role="status"
      aria-live="polite"
    >
      {state.phase === "pending" && (
        <>
          <span class="spinner" aria-hidden="true" /> {state.message}
        </>
      )}
      {(state.phase === "done" || state.phase === "error") && state.message}
    </p>
  );
}
