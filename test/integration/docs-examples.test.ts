import { readdirSync, readFileSync } from "node:fs";
import {
  type DefinitionNode,
  type DocumentNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  validate,
} from "graphql";
import type { RPCClient } from "ocpp-rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/graphql/schema.js";
import { bootChargePoint, startTestApp, type TestApp } from "../helpers/app.js";
import { answer } from "../helpers/charger-answers.js";
import { graphql, subscribe } from "../helpers/graphql.js";
import { ownDatabase } from "../helpers/own-database.js";

// Every ```graphql block of README.md and docs/*.md still works: each operation parses and validates against the
// schema, and each query and mutation runs without errors against a server whose database holds what the examples
// name (station CP001 with a charger answering every command, transactions 42 and 4711, reservation 7, pending
// station CP002, the user admin@example.com). Each subscription streams an event once CP001 does something.

const root = new URL("../../", import.meta.url);
const docFiles = [
  "README.md",
  ...readdirSync(new URL("docs/", root))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

type Example = { file: string; line: number; name: string; operation: OperationDefinitionNode; document: DocumentNode };

let blocksOpened = 0;
let blocksRead = 0;

/** Each operation of each ```graphql block, as a document of its own with the block's fragments. */
function examplesOf(file: string): Example[] {
  const text = readFileSync(new URL(file, root), "utf8");
  blocksOpened += text.match(/^```graphql\b/gm)?.length ?? 0;
  const examples: Example[] = [];
  for (const block of text.matchAll(/^```graphql\n([\s\S]*?)^```$/gm)) {
    blocksRead++;
    const line = text.slice(0, block.index).split("\n").length;
    const definitions: readonly DefinitionNode[] = parse(block[1]!).definitions;
    const fragments = definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
    for (const operation of definitions) {
      if (operation.kind !== Kind.OPERATION_DEFINITION) continue;
      const firstField = operation.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD);
      examples.push({
        file,
        line: line + (operation.loc?.startToken.line ?? 0),
        name: `${operation.operation} ${operation.name?.value ?? firstField?.name.value ?? ""}`,
        operation,
        document: { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] },
      });
    }
  }
  return examples;
}

const examples = docFiles.flatMap(examplesOf);
const label = (example: Example) => `${example.file}:${example.line} ${example.name}`;

describe("documented GraphQL examples", () => {
  it("are all read: a block written another way would otherwise go untested", () => {
    expect(blocksRead).toBeGreaterThan(0);
    expect(blocksRead).toBe(blocksOpened);
  });

  it.each(examples.map((example) => [label(example), example] as const))("%s is valid", (_label, example) => {
    expect(validate(schema, example.document).map((error) => error.message)).toEqual([]);
  });
});

describe("documented GraphQL queries and mutations", () => {
  const database = ownDatabase("ocpp_docs_examples");
  let app: TestApp;
  let charger: RPCClient;

  beforeAll(async () => {
    await database.create({ migrated: true });
    app = await startTestApp({ DATABASE_URL: database.url });
    charger = await bootChargePoint(app, "CP001");
    answerEveryCommand(charger);
    for (const connectorId of [1, 2]) {
      await charger.call("StatusNotification", { connectorId, status: "Available", errorCode: "NoError" });
    }
    const startedAt = new Date(Date.now() - 3_600_000);
    await app.db.transaction.createMany({
      data: [
        { transactionId: 42, evseId: 1, connectorId: 1, idTag: "04A2B3C4", activeIdTag: "04A2B3C4", activeEvseId: 1 },
        {
          transactionId: 4711,
          evseId: 2,
          connectorId: 2,
          idTag: "0F0F0F0F",
          activeIdTag: "0F0F0F0F",
          activeEvseId: 2,
        },
      ].map((transaction) => ({
        ...transaction,
        chargePointId: "CP001",
        idTagStatus: "Accepted",
        meterStart: 1000n,
        lastMeterWh: 4200n,
        startedAt,
      })),
    });
    await app.db.reservation.create({
      data: {
        reservationId: 7,
        chargePointId: "CP001",
        connectorId: 1,
        idTag: "04A2B3C4",
        expiryDate: new Date(Date.now() + 3_600_000),
        status: "Accepted",
      },
    });
    await app.db.pendingStation.create({ data: { chargePointId: "CP002", remoteAddress: "192.0.2.10" } });
    const admin = await graphql(
      app.graphqlInProcess,
      `
        mutation {
          createUser(email: "admin@example.com", password: "your password", role: admin) {
            id
          }
        }
      `,
    );
    expect(admin.errors).toBeUndefined();
  });
  afterAll(async () => {
    await charger?.close({ force: true });
    await app?.close();
    await database.drop();
  });

  const subscriptions = examples.filter((example) => example.operation.operation === "subscription");
  it.each(subscriptions.map((example) => [label(example), example] as const))("%s streams", async (_label, example) => {
    const probe = subscribe(app.graphqlUrl, print(example.document));
    try {
      await probe.ready;
      await somethingHappensAt(charger);
      await probe.next();
      expect(probe.errors).toEqual([]);
    } finally {
      await probe.close();
    }
  });

  const runnable = examples.filter((example) => example.operation.operation !== "subscription");
  it.each(runnable.map((example) => [label(example), example] as const))("%s runs", async (_label, example) => {
    const result = await graphql(app.graphqlInProcess, print(example.document));
    expect(result.errors?.map((error) => `${String(error.extensions?.code)}: ${error.message}`)).toBeUndefined();
    expect(result.data).toBeDefined();
  });
});

/** CP001 accepts whatever the examples ask of it. */
function answerEveryCommand(client: RPCClient) {
  const accepted = { status: "Accepted" };
  for (const action of [
    "RemoteStartTransaction",
    "RemoteStopTransaction",
    "Reset",
    "ChangeAvailability",
    "ClearCache",
    "TriggerMessage",
    "ChangeConfiguration",
    "SendLocalList",
    "ReserveNow",
    "CancelReservation",
    "SetChargingProfile",
    "ClearChargingProfile",
  ]) {
    answer(client, action, accepted);
  }
  answer(client, "UnlockConnector", { status: "Unlocked" });
  answer(client, "DataTransfer", { status: "Accepted", data: "{}" });
  answer(client, "GetConfiguration", {
    configurationKey: [{ key: "HeartbeatInterval", readonly: false, value: "300" }],
    unknownKey: [],
  });
  answer(client, "UpdateFirmware", {});
  answer(client, "GetDiagnostics", { fileName: "diagnostics.tar.gz" });
  answer(client, "GetLocalListVersion", { listVersion: 1 });
  answer(client, "GetCompositeSchedule", () => ({
    status: "Accepted",
    connectorId: 1,
    scheduleStart: new Date().toISOString(),
    chargingSchedule: { chargingRateUnit: "W", chargingSchedulePeriod: [{ startPeriod: 0, limit: 11000 }] },
  }));
}

let meterWh = 5000;

/**
 * What every documented subscription reports: a status change, a heartbeat, a meter reading of transaction 42, a
 * security event.
 */
async function somethingHappensAt(client: RPCClient) {
  meterWh += 100;
  for (const status of ["Charging", "SuspendedEV"]) {
    await client.call("StatusNotification", { connectorId: 1, status, errorCode: "NoError" });
  }
  await client.call("Heartbeat", {});
  await client.call("MeterValues", {
    connectorId: 1,
    transactionId: 42,
    meterValue: [
      {
        timestamp: new Date().toISOString(),
        sampledValue: [{ value: String(meterWh), measurand: "Energy.Active.Import.Register", unit: "Wh" }],
      },
    ],
  });
  await client.call("SecurityEventNotification", { type: "SettingSystemTime", timestamp: new Date().toISOString() });
}
