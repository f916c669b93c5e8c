import { useState } from "preact/hooks";
import { ChangeConfigurationMutation, GetConfigurationMutation } from "../documents";
import type { StationDetailsFragment } from "../gql/graphql";
import { useCommand } from "../lib/commands";
import { formatDateTime } from "../lib/format";
import { CommandOutcome } from "./CommandOutcome";

type Props = {
  station: Pick<
    StationDetailsFragment,
    "chargePointId" | "configuration" | "configurationFetchedAt" | "unknownConfigurationKeys"
  >;
  /** Called after the charger reported or changed its configuration, to reload the stored keys. */
  onChanged: () => void;
};

/** The charger's configuration: fetch it with GetConfiguration, change a key with ChangeConfiguration. */
export function Configuration({ station, onChanged }: Props) {
  const name = station.chargePointId;
  const fetchCommand = useCommand(
    GetConfigurationMutation,
    (d) => {
      const { configurationKey, unknownKey } = d.getConfiguration;
      return `${configurationKey.length} keys${unknownKey.length ? `, ${unknownKey.length} unknown` : ""}`;
    },
    name,
  );
  const change = useCommand(ChangeConfigurationMutation, (d) => d.changeConfiguration.status, name);
  const [editing, setEditing] = useState<{ key: string; value: string } | undefined>();
  const [filter, setFilter] = useState("");
  const keys = station.configuration.filter((k) => k.key.toLowerCase().includes(filter.trim().toLowerCase()));

  const fetchState =
    fetchCommand.state.phase === "done"
      ? { ...fetchCommand.state, positive: true, message: `${name} reported ${fetchCommand.state.status}.` }
      : fetchCommand.state;

  return (
    <div class="configuration">
      <div class="toolbar">
        <button
          type="button"
          disabled={fetchCommand.pending}
          onClick={async () => {
            const result = await fetchCommand.run({ chargePointId: station.chargePointId });
            if (result.data) onChanged();
          }}
        >
          Fetch from station
        </button>
        <label>
          Find key
          <input type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
        </label>
        <span class="muted">
          {station.configurationFetchedAt
            ? `Last fetched ${formatDateTime(station.configurationFetchedAt)}`
            : "Not fetched yet"}
        </span>
      </div>
      <CommandOutcome state={fetchState} />
      {station.configuration.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Configuration keys">
          <table class="table config-table">
            <caption class="visually-hidden">Configuration keys</caption>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Value</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((entry) => {
                const isEditing = editing?.key === entry.key;
                return (
                  <tr key={entry.key} data-key={entry.key}>
                    <th scope="row" class="mono">
                      {entry.key}
                    </th>
                    <td class="mono config-value">
                      {isEditing ? (
                        <form
                          id={`edit-${entry.key}`}
                          onSubmit={async (event) => {
                            event.preventDefault();
                            const result = await change.run({
                              chargePointId: station.chargePointId,
                              key: entry.key,
                              value: editing.value,
                            });
                            if (result.data) {
                              setEditing(undefined);
                              onChanged();
                            }
                          }}
                        >
                          <label class="visually-hidden" for={`value-${entry.key}`}>
                            New value for {entry.key}
                          </label>
                          <input
                            id={`value-${entry.key}`}
                            value={editing.value}
                            maxLength={500}
                            onInput={(e) => setEditing({ key: entry.key, value: e.currentTarget.value })}
                            onKeyDown={(e) => e.key === "Escape" && setEditing(undefined)}
                            autoFocus
                          />
                        </form>
                      ) : (
                        (entry.value ?? <span class="muted">not set</span>)
                      )}
                    </td>
                    <td class="nowrap">
                      {entry.readonly ? (
                        <span class="muted">read-only</span>
                      ) : isEditing ? (
                        <span class="button-row">
                          <button type="submit" form={`edit-${entry.key}`} disabled={change.pending}>
                            Save
                          </button>
                          <button type="button" class="secondary" onClick={() => setEditing(undefined)}>
                            Cancel
                          </button>
                        </span>
                      ) : (
                        <button
                          type="button"
                          class="secondary"
                          aria-label={`Edit ${entry.key}`}
                          onClick={() => setEditing({ key: entry.key, value: entry.value ?? "" })}
                        >
                          Edit
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <CommandOutcome state={change.state} />
      {station.unknownConfigurationKeys.length > 0 && (
        <p class="muted">Keys the station did not recognise: {station.unknownConfigurationKeys.join(", ")}</p>
      )}
    </div>
  );
}
