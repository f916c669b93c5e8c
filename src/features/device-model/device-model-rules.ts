/** A component as a station names it: absent instance and EVSE mean the station as a whole. */
export type ReportedComponent = { name: string; instance?: string; evse?: { id: number; connectorId?: number } };
export type ReportedVariable = { name: string; instance?: string };

/** One variable of a device model report: its attributes (at most one per type) and what characterises it. */
export type VariableReport = {
  component: ReportedComponent;
  variable: ReportedVariable;
  attributes: Array<{ type?: string; value?: string; mutability?: string }>;
  characteristics?: { unit?: string; dataType: string };
};

/** The monitors set on one variable, as a station reports them. */
export type MonitorReport = {
  component: ReportedComponent;
  variable: ReportedVariable;
  monitors: Array<{ id: number; type: string; value: number; severity: number; transaction: boolean }>;
};

/** A variable's current (Actual) value, as a station noticed it at `at`. */
export type ActualValueReport = { component: ReportedComponent; variable: ReportedVariable; value: string; at: Date };

/**
 * Where a variable is kept: the unique key of its rows without the attribute type. Absent instances are stored as
 * "" and an absent EVSE or connector as 0, so that a unique index can tell two reports of one variable apart from two
 * variables (NULLs would all be distinct).
 */
export type VariableAddress = {
  component: string;
  componentInstance: string;
  evseId: number;
  connectorId: number;
  variable: string;
  variableInstance: string;
};

/** One attribute of a variable, as station_variables keeps it. */
export type StationVariableRow = VariableAddress & {
  attributeType: string;
  value: string | null;
  mutability: string | null;
  dataType: string | null;
  unit: string | null;
};

export type VariableMonitorRow = VariableAddress & {
  monitorId: number;
  type: string;
  value: number;
  severity: number;
  transaction: boolean;
};

/**
 * Monitor values are kept as DECIMAL(20, 6): below 10^14 in size. A threshold or interval beyond that means nothing
 * for a charging station, and a schema-valid number can be far larger (1e300).
 */
export const MONITOR_VALUE_LIMIT = 1e14;

/** Whether every monitor's value can be kept. */
export const monitorValuesStorable = (reports: MonitorReport[]) =>
  reports.every(({ monitors }) => monitors.every(({ value }) => Math.abs(value) < MONITOR_VALUE_LIMIT));

/** The attribute type and mutability a station means when it leaves them out. */
export const DEFAULT_ATTRIBUTE_TYPE = "Actual";
export const DEFAULT_MUTABILITY = "ReadWrite";

export function variableAddress(component: ReportedComponent, variable: ReportedVariable): VariableAddress {
  return {
    component: component.name,
    componentInstance: component.instance ?? "",
    evseId: component.evse?.id ?? 0,
    connectorId: component.evse?.connectorId ?? 0,
    variable: variable.name,
    variableInstance: variable.instance ?? "",
  };
}

const addressKey = (address: VariableAddress) =>
  [
    address.component,
    address.componentInstance,
    address.evseId,
    address.connectorId,
    address.variable,
    address.variableInstance,
  ].join("\u0001");

/** Rows by key, the last one of a key winning: one statement cannot upsert the same row twice. */
function lastPerKey<Row>(rows: Row[], key: (row: Row) => string): Row[] {
  return [...new Map(rows.map((row) => [key(row), row])).values()];
}

/**
 * The rows a report part stores: one per attribute. A WriteOnly attribute's value is never kept, even when a station
 * sends one: it is write-only because it is secret (a password, a key).
 */
export function reportRows(reports: VariableReport[]): StationVariableRow[] {
  const rows = reports.flatMap(({ component, variable, attributes, characteristics }) =>
    attributes.map((attribute): StationVariableRow => {
      const mutability = attribute.mutability ?? DEFAULT_MUTABILITY;
      return {
        ...variableAddress(component, variable),
        attributeType: attribute.type ?? DEFAULT_ATTRIBUTE_TYPE,
        value: mutability === "WriteOnly" ? null : (attribute.value ?? null),
        mutability,
        dataType: characteristics?.dataType ?? null,
        unit: characteristics?.unit ?? null,
      };
    }),
  );
  return lastPerKey(rows, (row) => `${addressKey(row)}\u0001${row.attributeType}`);
}

/** The Actual values to store: the latest per variable (on equal times, the one reported last). */
export function actualValueRows(reports: ActualValueReport[]): Array<VariableAddress & { value: string }> {
  const latest = new Map<string, { at: Date; row: VariableAddress & { value: string } }>();
  for (const { component, variable, value, at } of reports) {
    const row = { ...variableAddress(component, variable), value };
    const key = addressKey(row);
    const known = latest.get(key);
    if (!known || known.at.getTime() <= at.getTime()) latest.set(key, { at, row });
  }
  return [...latest.values()].map(({ row }) => row);
}

/** One row per monitor; a monitor id reported twice keeps what was reported last. */
export function monitorRows(reports: MonitorReport[]): VariableMonitorRow[] {
  const rows = reports.flatMap(({ component, variable, monitors }) =>
    monitors.map((monitor) => ({
      ...variableAddress(component, variable),
      monitorId: monitor.id,
      type: monitor.type,
      value: monitor.value,
      severity: monitor.severity,
      transaction: monitor.transaction,
    })),
  );
  return lastPerKey(rows, (row) => String(row.monitorId));
}

/** How the API shows a stored instance ("" when absent) or EVSE and connector (0 when absent): null when absent. */
export const presentInstance = (instance: string) => (instance === "" ? null : instance);
export const presentNumber = (id: number) => (id === 0 ? null : id);
