// A station's device model (OCPP 2.0.1) as the operator reads it: variables grouped by the component they belong to,
// narrowed by a filter on component or variable names.

type ComponentAddress = {
  component: string;
  componentInstance?: string | null;
  evseId?: number | null;
  connectorId?: number | null;
};

type VariableAddress = ComponentAddress & {
  variable: string;
  variableInstance?: string | null;
  attributeType: string;
};

export type ComponentGroup<V extends VariableAddress> = { key: string; title: string; variables: V[] };

const ATTRIBUTE_ORDER = ["Actual", "Target", "MinSet", "MaxSet"];

/** "Connector (EVSE 1 · connector 2)", "OCPPCommCtrlr", "Controller (main)": where in the station a component sits. */
export function componentTitle(address: ComponentAddress): string {
  const place = [
    address.componentInstance,
    address.evseId != null ? `EVSE ${address.evseId}` : null,
    address.connectorId != null ? `connector ${address.connectorId}` : null,
  ].filter(Boolean);
  return place.length > 0 ? `${address.component} (${place.join(" · ")})` : address.component;
}

/** "Power", "Power (L1)", "Power · MaxSet": the variable, its instance and any attribute other than Actual. */
export function variableTitle(address: VariableAddress): string {
  const name = address.variableInstance ? `${address.variable} (${address.variableInstance})` : address.variable;
  return address.attributeType === "Actual" ? name : `${name} · ${address.attributeType}`;
}

const componentKey = (a: ComponentAddress) =>
  [a.component, a.componentInstance ?? "", a.evseId ?? "", a.connectorId ?? ""].join("\u0000");

const compareNullable = (a: number | null | undefined, b: number | null | undefined) => (a ?? -1) - (b ?? -1);

const attributeRank = (type: string) => {
  const index = ATTRIBUTE_ORDER.indexOf(type);
  return index < 0 ? ATTRIBUTE_ORDER.length : index;
};

/**
 * Variables grouped by component, the station's own components first, then EVSE by EVSE; names in alphabetical
 * order. `filter` keeps a whole component whose name matches, and otherwise the variables whose name matches
 * (case-insensitive substrings); an empty filter keeps everything.
 */
export function groupVariables<V extends VariableAddress>(variables: readonly V[], filter = ""): ComponentGroup<V>[] {
  const needle = filter.trim().toLowerCase();
  const matches = (text: string | null | undefined) => Boolean(text && text.toLowerCase().includes(needle));
  const groups = new Map<string, { first: V; variables: V[] }>();
  for (const row of variables) {
    const key = componentKey(row);
    const group = groups.get(key) ?? { first: row, variables: [] };
    group.variables.push(row);
    groups.set(key, group);
  }
  const result: ComponentGroup<V>[] = [];
  const ordered = [...groups.entries()].sort(
    ([, a], [, b]) =>
      compareNullable(a.first.evseId, b.first.evseId) ||
      compareNullable(a.first.connectorId, b.first.connectorId) ||
      a.first.component.localeCompare(b.first.component) ||
      (a.first.componentInstance ?? "").localeCompare(b.first.componentInstance ?? ""),
  );
  for (const [key, group] of ordered) {
    const title = componentTitle(group.first);
    const componentMatches = !needle || matches(group.first.component) || matches(group.first.componentInstance);
    const kept = componentMatches
      ? group.variables
      : group.variables.filter((v) => matches(v.variable) || matches(v.variableInstance));
    if (kept.length === 0) continue;
    const sorted = [...kept].sort(
      (a, b) =>
        a.variable.localeCompare(b.variable) ||
        (a.variableInstance ?? "").localeCompare(b.variableInstance ?? "") ||
        attributeRank(a.attributeType) - attributeRank(b.attributeType),
    );
    result.push({ key, title, variables: sorted });
  }
  return result;
}
