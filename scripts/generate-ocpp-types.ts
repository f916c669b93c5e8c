// Generates, from the OCPP JSON schemas vendored in src/ocpp/v16/schemas and src/ocpp/v201/schemas:
// - src/generated/ocpp-types.ts and ocpp201-types.ts: a TypeScript type for every message's payload;
// - src/generated/ocpp-vocabulary.ts and ocpp201-vocabulary.ts: the action lists (all, sent by the station, sent by
//   the central system) and the enumeration values, as `as const` arrays.
// Never edit them by hand; `npm run generate` rewrites them.
import { mkdir, writeFile } from "node:fs/promises";
import { compile, type JSONSchema } from "json-schema-to-typescript";
import { OCPP16_SCHEMAS, type OcppMessageSchema, schemaMessage } from "../src/ocpp/v16/schemas.js";
import { OCPP201_SCHEMAS } from "../src/ocpp/v201/schemas.js";

/**
 * Who sends each action's request, as OCPP 1.6 (sections 4 and 5) and the Security Whitepaper say; the schemas do
 * not. Generation fails when this table and the schemas name different actions.
 */
type Sender = "ChargePoint" | "CentralSystem" | "Both";
const ACTION_SENDERS: Record<string, Sender> = {
  Authorize: "ChargePoint",
  BootNotification: "ChargePoint",
  CancelReservation: "CentralSystem",
  CertificateSigned: "CentralSystem",
  ChangeAvailability: "CentralSystem",
  ChangeConfiguration: "CentralSystem",
  ClearCache: "CentralSystem",
  ClearChargingProfile: "CentralSystem",
  DataTransfer: "Both",
  DeleteCertificate: "CentralSystem",
  DiagnosticsStatusNotification: "ChargePoint",
  ExtendedTriggerMessage: "CentralSystem",
  FirmwareStatusNotification: "ChargePoint",
  GetCompositeSchedule: "CentralSystem",
  GetConfiguration: "CentralSystem",
  GetDiagnostics: "CentralSystem",
  GetInstalledCertificateIds: "CentralSystem",
  GetLocalListVersion: "CentralSystem",
  GetLog: "CentralSystem",
  Heartbeat: "ChargePoint",
  InstallCertificate: "CentralSystem",
  LogStatusNotification: "ChargePoint",
  MeterValues: "ChargePoint",
  RemoteStartTransaction: "CentralSystem",
  RemoteStopTransaction: "CentralSystem",
  ReserveNow: "CentralSystem",
  Reset: "CentralSystem",
  SecurityEventNotification: "ChargePoint",
  SendLocalList: "CentralSystem",
  SetChargingProfile: "CentralSystem",
  SignCertificate: "ChargePoint",
  SignedFirmwareStatusNotification: "ChargePoint",
  SignedUpdateFirmware: "CentralSystem",
  StartTransaction: "ChargePoint",
  StatusNotification: "ChargePoint",
  StopTransaction: "ChargePoint",
  TriggerMessage: "CentralSystem",
  UnlockConnector: "CentralSystem",
  UpdateFirmware: "CentralSystem",
};

/** The same for OCPP 2.0.1 (part 2, the use cases' message sequences); "ChargePoint" is the charging station. */
const ACTION_SENDERS_201: Record<string, Sender> = {
  Authorize: "ChargePoint",
  BootNotification: "ChargePoint",
  CancelReservation: "CentralSystem",
  CertificateSigned: "CentralSystem",
  ChangeAvailability: "CentralSystem",
  ClearCache: "CentralSystem",
  ClearChargingProfile: "CentralSystem",
  ClearDisplayMessage: "CentralSystem",
  ClearVariableMonitoring: "CentralSystem",
  ClearedChargingLimit: "ChargePoint",
  CostUpdated: "CentralSystem",
  CustomerInformation: "CentralSystem",
  DataTransfer: "Both",
  DeleteCertificate: "CentralSystem",
  FirmwareStatusNotification: "ChargePoint",
  Get15118EVCertificate: "ChargePoint",
  GetBaseReport: "CentralSystem",
  GetCertificateStatus: "ChargePoint",
  GetChargingProfiles: "CentralSystem",
  GetCompositeSchedule: "CentralSystem",
  GetDisplayMessages: "CentralSystem",
  GetInstalledCertificateIds: "CentralSystem",
  GetLocalListVersion: "CentralSystem",
  GetLog: "CentralSystem",
  GetMonitoringReport: "CentralSystem",
  GetReport: "CentralSystem",
  GetTransactionStatus: "CentralSystem",
  GetVariables: "CentralSystem",
  Heartbeat: "ChargePoint",
  InstallCertificate: "CentralSystem",
  LogStatusNotification: "ChargePoint",
  MeterValues: "ChargePoint",
  NotifyChargingLimit: "ChargePoint",
  NotifyCustomerInformation: "ChargePoint",
  NotifyDisplayMessages: "ChargePoint",
  NotifyEVChargingNeeds: "ChargePoint",
  NotifyEVChargingSchedule: "ChargePoint",
  NotifyEvent: "ChargePoint",
  NotifyMonitoringReport: "ChargePoint",
  NotifyReport: "ChargePoint",
  PublishFirmware: "CentralSystem",
  PublishFirmwareStatusNotification: "ChargePoint",
  ReportChargingProfiles: "ChargePoint",
  RequestStartTransaction: "CentralSystem",
  RequestStopTransaction: "CentralSystem",
  ReservationStatusUpdate: "ChargePoint",
  ReserveNow: "CentralSystem",
  Reset: "CentralSystem",
  SecurityEventNotification: "ChargePoint",
  SendLocalList: "CentralSystem",
  SetChargingProfile: "CentralSystem",
  SetDisplayMessage: "CentralSystem",
  SetMonitoringBase: "CentralSystem",
  SetMonitoringLevel: "CentralSystem",
  SetNetworkProfile: "CentralSystem",
  SetVariableMonitoring: "CentralSystem",
  SetVariables: "CentralSystem",
  SignCertificate: "ChargePoint",
  StatusNotification: "ChargePoint",
  TransactionEvent: "ChargePoint",
  TriggerMessage: "CentralSystem",
  UnlockConnector: "CentralSystem",
  UnpublishFirmware: "CentralSystem",
  UpdateFirmware: "CentralSystem",
};

/**
 * The enumerations the code names, by their OCPP 1.6 name, and the property of one message whose schema lists their
 * values (in the schema's order).
 */
const NAMED_ENUMS: Record<string, { $id: string; path: string[] }> = {
  AvailabilityType: { $id: "urn:ChangeAvailability.req", path: ["type"] },
  ChargePointErrorCode: { $id: "urn:StatusNotification.req", path: ["errorCode"] },
  ChargePointStatus: { $id: "urn:StatusNotification.req", path: ["status"] },
  ChargingProfileKind: { $id: "urn:SetChargingProfile.req", path: ["csChargingProfiles", "chargingProfileKind"] },
  ChargingProfilePurpose: { $id: "urn:SetChargingProfile.req", path: ["csChargingProfiles", "chargingProfilePurpose"] },
  ChargingRateUnit: {
    $id: "urn:SetChargingProfile.req",
    path: ["csChargingProfiles", "chargingSchedule", "chargingRateUnit"],
  },
  MessageTrigger: { $id: "urn:TriggerMessage.req", path: ["requestedMessage"] },
  RecurrencyKind: { $id: "urn:SetChargingProfile.req", path: ["csChargingProfiles", "recurrencyKind"] },
  ResetType: { $id: "urn:Reset.req", path: ["type"] },
  UpdateStatus: { $id: "urn:SendLocalList.conf", path: ["status"] },
  UpdateType: { $id: "urn:SendLocalList.req", path: ["updateType"] },
};

type SchemaNode = {
  properties?: Record<string, SchemaNode>;
  enum?: string[];
  $ref?: string;
  definitions?: Record<string, SchemaNode>;
};

/** The enum values of a property, following a "#/definitions/..." reference (Security Whitepaper and 2.0.1). */
function enumAt(schemas: ReadonlyMap<string, SchemaNode>, $id: string, path: readonly string[]): string[] | undefined {
  const root = schemas.get($id);
  let node: SchemaNode | undefined = root;
  const resolve = (at: SchemaNode | undefined) =>
    at?.$ref?.startsWith("#/definitions/") ? root?.definitions?.[at.$ref.slice("#/definitions/".length)] : at;
  for (const key of path) node = resolve(resolve(node)?.properties?.[key]);
  return node?.enum;
}

const list = (values: Iterable<string>) => `[${[...values].map((value) => JSON.stringify(value)).join(", ")}] as const`;

/** What differs between the versions' generated files: their names and the names inside them. */
type Version = {
  title: string;
  schemas: readonly OcppMessageSchema[];
  senders: Record<string, Sender>;
  /** The enumerations to list: by name, where to find them (1.6), or every named definition (2.0.1). */
  enums: "definitions" | Record<string, { $id: string; path: string[] }>;
  files: { types: string; vocabulary: string };
  names: {
    action: string;
    requests: string;
    responses: string;
    actions: string;
    stationActions: string;
    centralActions: string;
    enums: string;
    commandStatuses: string;
    stationAction: string;
    centralAction: string;
    commandStatus: string;
    enumType: string;
  };
};

async function generate(version: Version): Promise<number> {
  const schemaById = new Map(version.schemas.map((schema) => [schema.$id, schema as unknown as SchemaNode]));
  const banner = `/* Generated by scripts/generate-ocpp-types.ts from the ${version.title} JSON schemas. Do not edit. */`;
  const { names } = version;

  // --- Payload types ---
  const parts: string[] = [banner, "/* eslint-disable */"];
  const actions = new Set<string>();
  // Many schemas define the same types (2.0.1's CustomDataType, the security extension's enums): each once.
  const declared = new Set<string>();
  for (const schema of version.schemas) {
    const { action, kind } = schemaMessage(schema.$id);
    const name = `${action}${kind === "req" ? "Request" : "Response"}`;
    actions.add(action);
    const { $id: _id, $schema: _schema, ...body } = schema;
    const source = await compile({ ...body, title: name } as JSONSchema, name, {
      bannerComment: "",
      additionalProperties: false,
      declareExternallyReferenced: true,
      format: false,
      unreachableDefinitions: false,
    });
    for (const declaration of source.split(/\n(?=export )/)) {
      const declaredName = /^export (?:type|interface) (\w+)/.exec(declaration.trim())?.[1];
      if (!declaredName || declared.has(declaredName)) continue;
      declared.add(declaredName);
      parts.push(declaration.trim());
    }
  }
  const sorted = [...actions].sort();
  parts.push(`export type ${names.action} = ${sorted.map((a) => JSON.stringify(a)).join(" | ")};`);
  parts.push(
    `export interface ${names.requests} {\n${sorted.map((a) => `  ${a}: ${a}Request;`).join("\n")}\n}`,
    `export interface ${names.responses} {\n${sorted.map((a) => `  ${a}: ${a}Response;`).join("\n")}\n}`,
  );

  // --- Vocabulary: action lists and enumeration values ---
  const unlisted = sorted.filter((action) => !version.senders[action]);
  const unknown = Object.keys(version.senders).filter((action) => !actions.has(action));
  if (unlisted.length > 0 || unknown.length > 0) {
    throw new Error(
      `${version.title}: the senders table and the schemas disagree: no sender for ${unlisted.join(", ") || "-"}; ` +
        `no schema for ${unknown.join(", ") || "-"}`,
    );
  }
  const sentBy = (sender: "ChargePoint" | "CentralSystem") =>
    sorted.filter((action) => version.senders[action] === sender || version.senders[action] === "Both");
  const centralSystemActions = sentBy("CentralSystem");

  const enumValues = new Map<string, string[]>();
  if (version.enums === "definitions") {
    for (const schema of schemaById.values()) {
      for (const [name, definition] of Object.entries(schema.definitions ?? {})) {
        if (definition.enum && !enumValues.has(name)) enumValues.set(name, definition.enum);
      }
    }
  } else {
    for (const [name, { $id, path }] of Object.entries(version.enums)) {
      const values = enumAt(schemaById, $id, path);
      if (!values) throw new Error(`${$id} has no enum at ${path.join(".")} (for ${name})`);
      enumValues.set(name, values);
    }
  }
  const enums = [...enumValues]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, values]) => `  ${name}: ${list(values)},`);
  // The status of every answer to a central-system request that carries one, in one list.
  const commandStatuses = new Set<string>();
  for (const action of centralSystemActions) {
    for (const status of enumAt(schemaById, `urn:${action}.conf`, ["status"]) ?? []) commandStatuses.add(status);
  }

  const vocabulary = [
    banner,
    `/** Every action ${version.title} defines. */\nexport const ${names.actions} = ${list(sorted)};`,
    `/** The actions whose requests the station sends (DataTransfer goes both ways). */\nexport const ${names.stationActions} = ${list(sentBy("ChargePoint"))};`,
    `/** The actions whose requests the central system sends (DataTransfer goes both ways). */\nexport const ${names.centralActions} = ${list(centralSystemActions)};`,
    `/** Enumerations by their ${version.title} name, values in the schemas' order. */\nexport const ${names.enums} = {\n${enums.join("\n")}\n};`,
    `/** Every status a station's answer to a central-system request can carry, sorted. */\nexport const ${names.commandStatuses} = ${list([...commandStatuses].sort())};`,
    `export type ${names.stationAction} = (typeof ${names.stationActions})[number];`,
    `export type ${names.centralAction} = (typeof ${names.centralActions})[number];`,
    `export type ${names.commandStatus} = (typeof ${names.commandStatuses})[number];`,
    `export type ${names.enumType}<Name extends keyof typeof ${names.enums}> = (typeof ${names.enums})[Name][number];`,
  ];

  const generated = new URL("../src/generated/", import.meta.url);
  await mkdir(generated, { recursive: true });
  await writeFile(new URL(version.files.types, generated), `${parts.join("\n\n")}\n`);
  await writeFile(new URL(version.files.vocabulary, generated), `${vocabulary.join("\n\n")}\n`);
  return sorted.length;
}

const ocpp16 = await generate({
  title: "OCPP 1.6",
  schemas: OCPP16_SCHEMAS,
  senders: ACTION_SENDERS,
  enums: NAMED_ENUMS,
  files: { types: "ocpp-types.ts", vocabulary: "ocpp-vocabulary.ts" },
  names: {
    action: "OcppAction",
    requests: "OcppRequests",
    responses: "OcppResponses",
    actions: "OCPP16_ACTIONS",
    stationActions: "CHARGE_POINT_ACTIONS",
    centralActions: "CENTRAL_SYSTEM_ACTIONS",
    enums: "OCPP16_ENUMS",
    commandStatuses: "COMMAND_STATUSES",
    stationAction: "ChargePointAction",
    centralAction: "CentralSystemAction",
    commandStatus: "CommandStatus",
    enumType: "Ocpp16Enum",
  },
});
const ocpp201 = await generate({
  title: "OCPP 2.0.1",
  schemas: OCPP201_SCHEMAS,
  senders: ACTION_SENDERS_201,
  enums: "definitions",
  files: { types: "ocpp201-types.ts", vocabulary: "ocpp201-vocabulary.ts" },
  names: {
    action: "Ocpp201Action",
    requests: "Ocpp201Requests",
    responses: "Ocpp201Responses",
    actions: "OCPP201_ACTIONS",
    stationActions: "OCPP201_STATION_ACTIONS",
    centralActions: "OCPP201_CSMS_ACTIONS",
    enums: "OCPP201_ENUMS",
    commandStatuses: "OCPP201_COMMAND_STATUSES",
    stationAction: "Ocpp201StationAction",
    centralAction: "Ocpp201CsmsAction",
    commandStatus: "Ocpp201CommandStatus",
    enumType: "Ocpp201Enum",
  },
});
console.log(`Generated types and vocabulary for ${ocpp16} OCPP 1.6 and ${ocpp201} OCPP 2.0.1 actions.`);
