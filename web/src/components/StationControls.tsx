import { useQuery } from "@urql/preact";
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import {
  ChangeAvailabilityMutation,
  IdTagsQuery,
  RemoteStartMutation,
  RemoteStopMutation,
  ResetMutation,
  TriggerMessageMutation,
  UnlockMutation,
} from "../documents";
import type { AvailabilityType, MessageTrigger, ResetType, TransactionRowFragment } from "../gql/graphql";
import { useCommand } from "../lib/commands";
import { sessionPlaceName } from "../lib/fleet";
import { TRIGGERABLE_MESSAGES } from "../lib/ocpp";
import { CommandOutcome } from "./CommandOutcome";

type Props = {
  chargePointId: string;
  connected: boolean;
  connectorIds: number[];
  activeTransactions: readonly TransactionRowFragment[];
  /** Further controls in the same grid (those only some roles may use). */
  children?: ComponentChildren;
};

/** Remote start and stop, reset, unlock, availability and trigger message, each with its own answer. */
export function StationControls({ chargePointId, connected, connectorIds, activeTransactions, children }: Props) {
  const name = chargePointId;
  const connectors = connectorIds.length > 0 ? connectorIds : [1];
  return (
    <div class="controls">
      {!connected && (
        <p class="notice" role="note">
          {name} is offline: commands will fail until it connects again.
        </p>
      )}
      <div class="control-grid">
        <RemoteStart chargePointId={chargePointId} connectors={connectors} name={name} />
        <RemoteStop chargePointId={chargePointId} transactions={activeTransactions} name={name} />
        <Unlock chargePointId={chargePointId} connectors={connectors} name={name} />
        <Availability chargePointId={chargePointId} connectors={connectors} name={name} />
        <Trigger chargePointId={chargePointId} connectors={connectors} name={name} />
        <Reset chargePointId={chargePointId} name={name} />
        {children}
      </div>
    </div>
  );
}

type ControlProps = { chargePointId: string; name: string };

function RemoteStart({ chargePointId, connectors, name }: ControlProps & { connectors: number[] }) {
  const command = useCommand(RemoteStartMutation, (d) => d.remoteStartTransaction.status, name);
  const [tags] = useQuery({ query: IdTagsQuery, variables: { first: 100 } });
  const [connector, setConnector] = useState(String(connectors[0] ?? ""));
  const [idTag, setIdTag] = useState("");
  const id = `${chargePointId}-start`;
  return (
    <form
      class="control"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        void command.run({ chargePointId, idTag: idTag.trim(), connectorId: connector ? Number(connector) : null });
      }}
    >
      <h3 id={`${id}-title`}>Remote start</h3>
      <div class="fields">
        <ConnectorField
          connectors={connectors}
          value={connector}
          onChange={setConnector}
          extra={{ value: "", label: "Any (station chooses)", at: "end" }}
        />
        <label>
          ID tag
          <input
            name="idTag"
            required
            maxLength={20}
            autoComplete="off"
            list={`${id}-tags`}
            value={idTag}
            onInput={(e) => setIdTag(e.currentTarget.value)}
          />
          <datalist id={`${id}-tags`}>
            {tags.data?.idTags.edges.map(({ node }) => (
              <option key={node.idTag} value={node.idTag}>
                {node.status}
              </option>
            ))}
          </datalist>
        </label>
      </div>
      <button type="submit" disabled={command.pending || !idTag.trim()}>
        Start charging
      </button>
      <CommandOutcome state={command.state} />
    </form>
  );
}

function RemoteStop({
  chargePointId,
  transactions,
  name,
}: ControlProps & { transactions: readonly TransactionRowFragment[] }) {
  const command = useCommand(RemoteStopMutation, (d) => d.remoteStopTransaction.status, name);
  const [choice, setChoice] = useState("");
  const selected = transactions.some((t) => String(t.transactionId) === choice)
    ? choice
    : String(transactions[0]?.transactionId ?? "");
  const id = `${chargePointId}-stop`;
  return (
    <form
      class="control"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        if (selected) void command.run({ chargePointId, transactionId: Number(selected) });
      }}
    >
      <h3 id={`${id}-title`}>Remote stop</h3>
      <div class="fields">
        <label>
          Session
          <select
            name="transactionId"
            value={selected}
            disabled={transactions.length === 0}
            onChange={(e) => setChoice(e.currentTarget.value)}
          >
            {transactions.length === 0 && <option value="">No active session</option>}
            {transactions.map((t) => (
              <option key={t.transactionId} value={String(t.transactionId)}>
                #{t.transactionId} · {sessionPlaceName(t)} · {t.idTag ?? "no ID token"}
              </option>
            ))}
          </select>
        </label>
      </div>
      <button type="submit" disabled={command.pending || !selected}>
        Stop charging
      </button>
      <CommandOutcome state={command.state} />
    </form>
  );
}

function Unlock({ chargePointId, connectors, name }: ControlProps & { connectors: number[] }) {
  const command = useCommand(UnlockMutation, (d) => d.unlockConnector.status, name);
  const [connector, setConnector] = useState(String(connectors[0]));
  const id = `${chargePointId}-unlock`;
  return (
    <form
      class="control"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        void command.run({ chargePointId, connectorId: Number(connector) });
      }}
    >
      <h3 id={`${id}-title`}>Unlock connector</h3>
      <div class="fields">
        <ConnectorField connectors={connectors} value={connector} onChange={setConnector} />
      </div>
      <button type="submit" disabled={command.pending}>
        Unlock
      </button>
      <CommandOutcome state={command.state} />
    </form>
  );
}

function Availability({ chargePointId, connectors, name }: ControlProps & { connectors: number[] }) {
  const command = useCommand(ChangeAvailabilityMutation, (d) => d.changeAvailability.status, name);
  const [connector, setConnector] = useState("0");
  const [type, setType] = useState<AvailabilityType>("Inoperative");
  const id = `${chargePointId}-availability`;
  return (
    <form
      class="control"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        void command.run({ chargePointId, connectorId: Number(connector), type });
      }}
    >
      <h3 id={`${id}-title`}>Change availability</h3>
      <div class="fields">
        <ConnectorField
          connectors={connectors}
          value={connector}
          onChange={setConnector}
          extra={{ value: "0", label: "Whole station", at: "start" }}
        />
        <label>
          Make it
          <select name="type" value={type} onChange={(e) => setType(e.currentTarget.value as AvailabilityType)}>
            <option value="Operative">Operative</option>
            <option value="Inoperative">Inoperative</option>
          </select>
        </label>
      </div>
      <button type="submit" disabled={command.pending}>
        Change availability
      </button>
      <CommandOutcome state={command.state} />
    </form>
  );
}

function Trigger({ chargePointId, connectors, name }: ControlProps & { connectors: number[] }) {
  const command = useCommand(TriggerMessageMutation, (d) => d.triggerMessage.status, name);
  const [message, setMessage] = useState<MessageTrigger>("StatusNotification");
  const [connector, setConnector] = useState("");
  const id = `${chargePointId}-trigger`;
  return (
    <form
      class="control"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        void command.run({
          chargePointId,
          requestedMessage: message,
          connectorId: connector ? Number(connector) : null,
        });
      }}
    >
      <h3 id={`${id}-title`}>Trigger message</h3>
      <div class="fields">
        <label>
          Message
          <select
            name="requestedMessage"
            value={message}
            onChange={(e) => setMessage(e.currentTarget.value as MessageTrigger)}
          >
            {TRIGGERABLE_MESSAGES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <ConnectorField
          connectors={connectors}
          value={connector}
          onChange={setConnector}
          extra={{ value: "", label: "Not specific", at: "start" }}
        />
      </div>
      <button type="submit" disabled={command.pending}>
        Trigger
      </button>
      <CommandOutcome state={command.state} />
    </form>
  );
}

function Reset({ chargePointId, name }: ControlProps) {
  const command = useCommand(ResetMutation, (d) => d.reset.status, name);
  const [type, setType] = useState<ResetType>("Soft");
  const [confirming, setConfirming] = useState(false);
  const id = `${chargePointId}-reset`;
  return (
    <form
      class="control"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        if (!confirming) {
          setConfirming(true);
          return;
        }
        setConfirming(false);
        void command.run({ chargePointId, type });
      }}
    >
      <h3 id={`${id}-title`}>Reset</h3>
      <div class="fields">
        <label>
          Type
          <select name="type" value={type} onChange={(e) => setType(e.currentTarget.value as ResetType)}>
            <option value="Soft">Soft (ends sessions, restarts software)</option>
            <option value="Hard">Hard (reboots the hardware)</option>
          </select>
        </label>
      </div>
      <div class="button-row">
        <button type="submit" class={confirming ? "danger" : undefined} disabled={command.pending}>
          {confirming ? `Confirm ${type.toLowerCase()} reset` : "Reset…"}
        </button>
        {confirming && (
          <button type="button" class="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        )}
      </div>
      <CommandOutcome state={command.state} />
    </form>
  );
}

type ConnectorFieldProps = {
  connectors: number[];
  value: string;
  onChange: (value: string) => void;
  /** A choice besides the connectors (the whole station, any connector), listed before or after them. */
  extra?: { value: string; label: string; at: "start" | "end" };
};

function ConnectorField({ connectors, value, onChange, extra }: ConnectorFieldProps) {
  const extraOption = extra && <option value={extra.value}>{extra.label}</option>;
  return (
    <label>
      Connector
      <select name="connectorId" value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {extra?.at === "start" && extraOption}
        {connectors.map((c) => (
          <option key={c} value={String(c)}>
            Connector {c}
          </option>
        ))}
        {extra?.at === "end" && extraOption}
      </select>
    </label>
  );
}
