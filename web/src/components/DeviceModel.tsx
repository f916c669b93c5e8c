import { useQuery } from "@urql/preact";
import { useMemo, useState } from "preact/hooks";
import { DeviceModelQuery, MessagesLiveSubscription } from "../documents";
import type { StationVariableRowFragment } from "../gql/graphql";
import { groupVariables, variableTitle } from "../lib/device-model";
import { describeError } from "../lib/errors";
import { useRefetchOnReconnect, useSubscriptionEvents, useThrottled } from "../lib/hooks";

// The messages that change a device model as stored: a report part, or an event's actual value. The API has no event
// for the device model itself; the audit entry of such a message is published once what it changed was committed.
const CHANGES_DEVICE_MODEL: ReadonlySet<string> = new Set(["NotifyReport", "NotifyEvent"]);

const EMPTY: StationVariableRowFragment[] = [];

/** A 2.0.1 station's variables by component, with value, mutability and unit; filtered by name; kept up to date. */
export function DeviceModel({ chargePointId }: { chargePointId: string }) {
  const [filter, setFilter] = useState("");
  const [result, refetch] = useQuery({ query: DeviceModelQuery, variables: { chargePointId } });
  const reload = useThrottled(() => refetch({ requestPolicy: "network-only" }), 1000);
  useSubscriptionEvents(MessagesLiveSubscription, { chargePointId }, ({ ocppMessageLogged: message }) => {
    if (message.direction === "INBOUND" && message.action && CHANGES_DEVICE_MODEL.has(message.action)) reload();
  });
  useRefetchOnReconnect(() => refetch({ requestPolicy: "network-only" }));

  const variables = result.data?.station?.variables ?? EMPTY;
  const groups = useMemo(() => groupVariables(variables, filter), [variables, filter]);
  const shown = groups.reduce((sum, group) => sum + group.variables.length, 0);
  const filterId = `${chargePointId}-device-model-filter`;

  if (result.error && !result.data) return <p class="alert">{describeError(result.error)}</p>;
  if (!result.data) return <p class="muted">Loading…</p>;
  if (variables.length === 0) {
    return (
      <p class="empty" data-testid="device-model-empty">
        No device model report has been received from {chargePointId} yet. It appears here when the station sends
        NotifyReport (its answer to GetBaseReport).
      </p>
    );
  }
  return (
    <div class="device-model">
      <div class="log-toolbar">
        <label for={filterId}>
          Filter by component or variable
          <input
            id={filterId}
            type="search"
            autoComplete="off"
            spellcheck={false}
            value={filter}
            onInput={(event) => setFilter(event.currentTarget.value)}
          />
        </label>
        <span class="muted" aria-live="polite">
          {shown} of {variables.length} {variables.length === 1 ? "variable" : "variables"} shown
        </span>
      </div>
      {groups.length === 0 ? (
        <p class="empty">No component or variable matches “{filter.trim()}”.</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={`Device model of ${chargePointId}`}>
          <table class="table device-model-table">
            <caption class="visually-hidden">Device model of {chargePointId}, by component</caption>
            <thead>
              <tr>
                <th scope="col">Variable</th>
                <th scope="col">Value</th>
                <th scope="col">Mutability</th>
                <th scope="col">Unit</th>
              </tr>
            </thead>
            {groups.map((group) => (
              <tbody key={group.key} data-component={group.title}>
                <tr class="group-row">
                  <th scope="rowgroup" colSpan={4}>
                    {group.title}
                  </th>
                </tr>
                {group.variables.map((row) => {
                  const name = variableTitle(row);
                  return (
                    <tr key={`${name}/${row.attributeType}`} data-variable={name}>
                      <th scope="row" class="variable-name">
                        {name}
                      </th>
                      <td class="mono variable-value">
                        {row.value ?? (
                          <span class="muted">{row.mutability === "WriteOnly" ? "not readable" : "—"}</span>
                        )}
                      </td>
                      <td>{row.mutability ?? <span class="muted">—</span>}</td>
                      <td>{row.unit ?? ""}</td>
                    </tr>
                  );
                })}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </div>
  );
}
