import type {
  AttributeEnumType,
  ComponentType,
  DataEnumType,
  GetVariableDataType,
  GetVariableResultType,
  MutabilityEnumType,
  ReportBaseEnumType,
  ReportDataType,
  SetVariableDataType,
  SetVariableResultType,
  VariableType,
} from "../../../src/generated/ocpp201-types.js";

type Characteristics = { dataType: DataEnumType; unit?: string; valuesList?: string; maxLimit?: number };

/** One variable of one component with its Actual attribute: a stored value, or one read from the station's state. */
type Variable = {
  component: ComponentType;
  variable: VariableType;
  mutability: MutabilityEnumType;
  characteristics: Characteristics;
  value: string | (() => string);
};

export type Component = Pick<ComponentType, "name" | "instance" | "evse">;

const componentKey = ({ name, instance, evse }: Component) =>
  [name, instance ?? "", evse?.id ?? "", evse?.connectorId ?? ""].join("|");
const variableKey = (component: Component, { name, instance }: VariableType) =>
  `${componentKey(component)}|${name}|${instance ?? ""}`;

// What a value must look like to be set, by data type (2.0.1 part 2, appendix 2.1).
const validValue: Partial<Record<DataEnumType, (value: string) => boolean>> = {
  integer: (value) => /^-?\d{1,9}$/.test(value),
  decimal: (value) => value.trim() !== "" && Number.isFinite(Number(value)),
  boolean: (value) => value === "true" || value === "false",
};

/**
 * The station's device model (OCPP 2.0.1 part 1, chapter 4): components, their variables and one Actual attribute
 * each. GetVariables and GetBaseReport read it, SetVariables writes its ReadWrite variables.
 */
export class DeviceModel {
  private readonly variables = new Map<string, Variable>();
  private readonly components = new Set<string>();

  constructor(
    definitions: Variable[],
    /** Told after a SetVariables changed a value, so that the station can act on it (e.g. a new heartbeat). */
    private readonly changed: (component: string, variable: string) => void = () => {},
  ) {
    for (const definition of definitions) {
      this.variables.set(variableKey(definition.component, definition.variable), definition);
      this.components.add(componentKey(definition.component));
    }
  }

  /** A station-level variable's value ("" when there is none). */
  value(component: string, variable: string, instance?: string): string {
    const found = this.variables.get(variableKey({ name: component }, { name: variable, instance }));
    if (!found) return "";
    return typeof found.value === "string" ? found.value : found.value();
  }

  number(component: string, variable: string, instance?: string): number {
    return Number(this.value(component, variable, instance) || 0);
  }

  flag(component: string, variable: string): boolean {
    return this.value(component, variable) === "true";
  }

  /** The station's own writes (e.g. the heartbeat interval from a BootNotification answer). */
  setOwn(component: string, variable: string, value: string | number): void {
    const found = this.variables.get(variableKey({ name: component }, { name: variable }));
    if (found && typeof found.value === "string") found.value = String(value);
  }

  get({ component, variable, attributeType }: GetVariableDataType): GetVariableResultType {
    const found = this.lookup(component, variable, attributeType);
    if (typeof found === "string") return { attributeStatus: found, attributeType, component, variable };
    if (found.mutability === "WriteOnly") return { attributeStatus: "Rejected", attributeType, component, variable };
    const value = typeof found.value === "string" ? found.value : found.value();
    return { attributeStatus: "Accepted", attributeType, attributeValue: value, component, variable };
  }

  set({ component, variable, attributeType, attributeValue }: SetVariableDataType): SetVariableResultType {
    const found = this.lookup(component, variable, attributeType);
    const result = (attributeStatus: SetVariableResultType["attributeStatus"]) => ({
      attributeStatus,
      attributeType,
      component,
      variable,
    });
    if (typeof found === "string") return result(found);
    if (found.mutability === "ReadOnly" || typeof found.value !== "string") return result("Rejected");
    if (!this.valid(found.characteristics, attributeValue)) return result("Rejected");
    found.value = attributeValue;
    this.changed(component.name, variable.name);
    return result("Accepted");
  }

  /** GetBaseReport's data: every variable, the writable ones, or each component's AvailabilityState. */
  report(base: ReportBaseEnumType): ReportDataType[] {
    const chosen = [...this.variables.values()].filter((entry) => {
      if (base === "ConfigurationInventory") return entry.mutability !== "ReadOnly";
      if (base === "SummaryInventory") return entry.variable.name === "AvailabilityState";
      return true;
    });
    return chosen.map((entry) => ({
      component: entry.component,
      variable: entry.variable,
      variableAttribute: [
        {
          type: "Actual",
          // A WriteOnly value (a password) is never reported.
          ...(entry.mutability !== "WriteOnly" && {
            value: typeof entry.value === "string" ? entry.value : entry.value(),
          }),
          mutability: entry.mutability,
          persistent: true,
          constant: entry.mutability === "ReadOnly" && typeof entry.value === "string",
        },
      ],
      variableCharacteristics: { ...entry.characteristics, supportsMonitoring: false },
    }));
  }

  private lookup(
    component: ComponentType,
    variable: VariableType,
    attributeType: AttributeEnumType = "Actual",
  ): Variable | "UnknownComponent" | "UnknownVariable" | "NotSupportedAttributeType" {
    if (!this.components.has(componentKey(component))) return "UnknownComponent";
    const found = this.variables.get(variableKey(component, variable));
    if (!found) return "UnknownVariable";
    return attributeType === "Actual" ? found : "NotSupportedAttributeType";
  }

  private valid({ dataType, valuesList }: Characteristics, value: string): boolean {
    if (value.length > 1000) return false;
    const allowed = valuesList?.split(",");
    if (dataType === "OptionList") return allowed?.includes(value) ?? true;
    if (dataType === "MemberList" || dataType === "SequenceList") {
      return value.split(",").every((member) => allowed?.includes(member) ?? true);
    }
    return validValue[dataType]?.(value) ?? true;
  }
}

/** What a simulated station's device model reads from the station while it runs. */
export type StationState = {
  evseIds: number[];
  maxPowerW: number;
  availabilityState(evseId?: number): string;
};

const MEASURANDS = "Energy.Active.Import.Register,Power.Active.Import,SoC";

/** The components and variables this simulator has (a small part of 2.0.1 part 2, appendix 3), with their values. */
export function standardDeviceModel(
  settings: { identity: string; heartbeatIntervalSeconds: number; meterIntervalSeconds: number },
  state: StationState,
  changed?: (component: string, variable: string) => void,
): DeviceModel {
  const variable = (
    component: Component,
    name: string,
    mutability: MutabilityEnumType,
    characteristics: Characteristics,
    value: string | number | boolean | (() => string),
    instance?: string,
  ): Variable => ({
    component,
    variable: instance === undefined ? { name } : { name, instance },
    mutability,
    characteristics,
    value: typeof value === "function" ? value : String(value),
  });
  const integer = { dataType: "integer" } as const;
  const boolean = { dataType: "boolean" } as const;
  const seconds = { dataType: "integer", unit: "s" } as const;
  const measurands = { dataType: "MemberList", valuesList: MEASURANDS } as const;
  const availability = {
    dataType: "OptionList",
    valuesList: "Available,Occupied,Reserved,Unavailable,Faulted",
  } as const;

  return new DeviceModel(
    [
      variable({ name: "ChargingStation" }, "AvailabilityState", "ReadOnly", availability, () =>
        state.availabilityState(),
      ),
      variable({ name: "ChargingStation" }, "Available", "ReadOnly", boolean, true),
      variable({ name: "ChargingStation" }, "SupplyPhases", "ReadOnly", integer, 3),
      ...state.evseIds.flatMap((id) => [
        variable({ name: "EVSE", evse: { id } }, "AvailabilityState", "ReadOnly", availability, () =>
          state.availabilityState(id),
        ),
        variable({ name: "EVSE", evse: { id } }, "Available", "ReadOnly", boolean, true),
        variable(
          { name: "EVSE", evse: { id } },
          "Power",
          "ReadOnly",
          { dataType: "decimal", unit: "W", maxLimit: state.maxPowerW },
          state.maxPowerW,
        ),
        variable(
          { name: "Connector", evse: { id, connectorId: 1 } },
          "AvailabilityState",
          "ReadOnly",
          availability,
          () => state.availabilityState(id),
        ),
        variable(
          { name: "Connector", evse: { id, connectorId: 1 } },
          "ConnectorType",
          "ReadOnly",
          { dataType: "string" },
          "cType2",
        ),
      ]),
      variable({ name: "OCPPCommCtrlr" }, "HeartbeatInterval", "ReadWrite", seconds, settings.heartbeatIntervalSeconds),
      variable({ name: "OCPPCommCtrlr" }, "MessageTimeout", "ReadOnly", seconds, 30, "Default"),
      variable({ name: "SecurityCtrlr" }, "Identity", "ReadOnly", { dataType: "string" }, settings.identity),
      variable({ name: "SecurityCtrlr" }, "SecurityProfile", "ReadOnly", integer, 1),
      variable({ name: "SecurityCtrlr" }, "OrganizationName", "ReadWrite", { dataType: "string" }, "OCPP Central"),
      variable({ name: "SecurityCtrlr" }, "BasicAuthPassword", "WriteOnly", { dataType: "string" }, ""),
      variable({ name: "DeviceDataCtrlr" }, "ItemsPerMessage", "ReadOnly", integer, 10, "GetReport"),
      variable({ name: "DeviceDataCtrlr" }, "ItemsPerMessage", "ReadOnly", integer, 20, "GetVariables"),
      variable({ name: "DeviceDataCtrlr" }, "ItemsPerMessage", "ReadOnly", integer, 20, "SetVariables"),
      variable({ name: "DeviceDataCtrlr" }, "BytesPerMessage", "ReadOnly", integer, 65_000, "GetReport"),
      variable({ name: "SampledDataCtrlr" }, "TxUpdatedInterval", "ReadWrite", seconds, settings.meterIntervalSeconds),
      variable({ name: "SampledDataCtrlr" }, "TxUpdatedMeasurands", "ReadWrite", measurands, MEASURANDS),
      variable(
        { name: "SampledDataCtrlr" },
        "TxEndedMeasurands",
        "ReadWrite",
        measurands,
        "Energy.Active.Import.Register",
      ),
      variable({ name: "AlignedDataCtrlr" }, "Interval", "ReadWrite", seconds, 0),
      variable({ name: "TxCtrlr" }, "StopTxOnInvalidId", "ReadWrite", boolean, true),
      variable({ name: "TxCtrlr" }, "EVConnectionTimeOut", "ReadWrite", seconds, 60),
      variable({ name: "TxCtrlr" }, "TxStartPoint", "ReadOnly", { dataType: "MemberList" }, "PowerPathClosed"),
      variable({ name: "TxCtrlr" }, "TxStopPoint", "ReadOnly", { dataType: "MemberList" }, "EVConnected,Authorized"),
      variable({ name: "AuthCtrlr" }, "Enabled", "ReadOnly", boolean, true),
      variable({ name: "AuthCtrlr" }, "AuthorizeRemoteStart", "ReadOnly", boolean, false),
      variable({ name: "AuthCtrlr" }, "LocalAuthorizeOffline", "ReadWrite", boolean, true),
      variable({ name: "AuthCtrlr" }, "LocalPreAuthorize", "ReadWrite", boolean, false),
      variable({ name: "AuthCtrlr" }, "OfflineTxForUnknownIdEnabled", "ReadWrite", boolean, true),
      variable({ name: "LocalAuthListCtrlr" }, "Enabled", "ReadWrite", boolean, true),
      variable({ name: "LocalAuthListCtrlr" }, "ItemsPerMessage", "ReadOnly", integer, 100),
      variable({ name: "LocalAuthListCtrlr" }, "Storage", "ReadOnly", { dataType: "integer", unit: "B" }, 1_000_000),
      variable({ name: "ReservationCtrlr" }, "Enabled", "ReadOnly", boolean, true),
      variable({ name: "ReservationCtrlr" }, "NonEvseSpecific", "ReadOnly", boolean, false),
      variable({ name: "SmartChargingCtrlr" }, "Enabled", "ReadOnly", boolean, true),
      variable({ name: "SmartChargingCtrlr" }, "ProfileStackLevel", "ReadOnly", integer, 10),
      variable({ name: "SmartChargingCtrlr" }, "RateUnit", "ReadOnly", { dataType: "MemberList" }, "A,W"),
      variable({ name: "SmartChargingCtrlr" }, "PeriodsPerSchedule", "ReadOnly", integer, 24),
    ],
    changed,
  );
}
