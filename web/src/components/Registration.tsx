import { useEffect, useRef, useState } from "preact/hooks";
import { SetRegistrationStatusMutation } from "../documents";
import type { RegistrationStatus } from "../gql/enums";
import { type Interpretation, useCommand } from "../lib/commands";
import { CommandOutcome } from "./CommandOutcome";

/** The three decisions in the order an operator meets them, with what each one does to the station. */
const DECISIONS: Array<{ status: RegistrationStatus; action: string; outcome: (name: string) => string }> = [
  {
    status: "Accepted",
    action: "Accept",
    outcome: (name) => `${name} is accepted: its boots are answered Accepted and it is served.`,
  },
  {
    status: "Pending",
    action: "Hold pending",
    outcome: (name) =>
      `${name} is held pending: it stays connected but is only asked for reports and variables until accepted.`,
  },
  {
    status: "Rejected",
    action: "Reject",
    outcome: (name) => `${name} is rejected: its boots are answered Rejected and it is not served.`,
  },
];

const decisionFor = (status: string) => DECISIONS.find((d) => d.status === status);

// The server decides alone, so the outcome is the decision itself, never a charger's refusal.
const interpretDecision: Interpretation = (status, name) => ({
  message: decisionFor(status)?.outcome(name) ?? `${name}'s registration is now ${status}.`,
  positive: true,
});

type Props = {
  chargePointId: string;
  /** How its last boot was answered or what was decided for the next; null before its first boot. */
  status: RegistrationStatus | null | undefined;
  /** The decision as stored, to show it before the live update arrives. */
  onDecided?: (status: RegistrationStatus) => void;
};

/** Accept a station, hold it Pending or Reject it (admins), each after a confirmation. */
export function Registration({ chargePointId, status, onDecided }: Props) {
  const name = chargePointId;
  const command = useCommand(
    SetRegistrationStatusMutation,
    (d) => d.setRegistrationStatus.registrationStatus ?? "Accepted",
    name,
    { interpret: interpretDecision, pendingMessage: "Saving the decision…" },
  );
  const [confirming, setConfirming] = useState<RegistrationStatus | null>(null);
  const current = status ?? null;
  const chosen = confirming ? decisionFor(confirming) : undefined;
  const id = `${chargePointId}-registration`;
  // The buttons swap under the keyboard user's hands: keep focus on the row they were in.
  const buttons = useRef<HTMLDivElement>(null);
  const swapped = useRef(false);
  useEffect(() => {
    if (!swapped.current) {
      swapped.current = true;
      return;
    }
    buttons.current?.querySelector<HTMLButtonElement>("button:not(:disabled)")?.focus();
  }, [confirming]);
  return (
    <form
      class="control"
      aria-labelledby={`${id}-title`}
      onSubmit={async (event) => {
        event.preventDefault();
        if (!confirming) return;
        setConfirming(null);
        const result = await command.run({ chargePointId, status: confirming });
        const stored = result.data?.setRegistrationStatus.registrationStatus;
        if (stored) onDecided?.(stored);
      }}
    >
      <h3 id={`${id}-title`}>Registration</h3>
      <p class="registration-current">
        {current ? (
          <>
            Boots are answered <strong data-testid="registration-status">{current}</strong>.
          </>
        ) : (
          "Not booted yet: its first boot will be accepted unless you decide otherwise."
        )}
      </p>
      {chosen ? (
        <div class="button-row" ref={buttons}>
          <button type="submit" class={chosen.status === "Accepted" ? undefined : "danger"} disabled={command.pending}>
            Confirm: {chosen.action.toLowerCase()} {name}
          </button>
          <button type="button" class="secondary" onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </div>
      ) : (
        <div class="button-row" ref={buttons}>
          {DECISIONS.map((decision) => (
            <button
              key={decision.status}
              type="button"
              class="secondary"
              disabled={command.pending || decision.status === current}
              onClick={() => setConfirming(decision.status)}
            >
              {decision.action}…
            </button>
          ))}
        </div>
      )}
      <CommandOutcome state={command.state} />
    </form>
  );
}
