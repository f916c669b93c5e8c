import type { RPCClient } from "ocpp-rpc";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { bootStation201, startTestApp, type TestApp, uniqueId } from "../../helpers/app.js";
import { graphql, subscribe } from "../../helpers/graphql.js";

let app: TestApp;
const open: RPCClient[] = [];

beforeAll(async () => {
  app = await startTestApp();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close({ force: true })));
});

afterAll(async () => {
  await app?.close();
});

/** A strict 2.0.1 station, booted and accepted. */
async function station() {
  const id = uniqueId("DM201");
  const client = await bootStation201(app, id);
  open.push(client);
  return { id, client };
}

async function query(text: string, variables: Record<string, unknown>) {
  const result = await graphql(app.graphqlInProcess, text, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

const VARIABLES = `query ($id: String!, $component: String, $variable: String) {
  station(chargePointId: $id) {
    variables(component: $component, variable: $variable) {
      component componentInstance evseId connectorId variable variableInstance attributeType value mutability
      dataType unit updatedAt
    }
  }
}`;

type StoredVariable = Record<string, unknown>;
const variablesOf = async (id: string, filters: { component?: string; variable?: string } = {}) =>
  ((await query(VARIABLES, { id, ...filters })).station.variables as StoredVariable[]).map(
    ({ updatedAt: _updatedAt, ...variable }) => variable,
  );

const generatedAt = "2026-03-02T09:00:00.000Z";

describe("a device model report (NotifyReport) in two parts", () => {
  it("stores each part as it comes, with absent instances, EVSE and connector shown as null", async () => {
    const { id, client } = await station();
    expect(
      await client.call("NotifyReport", {
        requestId: 1,
        generatedAt,
        seqNo: 0,
        tbc: true,
        reportData: [
          {
            component: { name: "OCPPCommCtrlr" },
            variable: { name: "HeartbeatInterval" },
            variableAttribute: [{ value: "300" }, { type: "MaxSet", value: "3600", mutability: "ReadOnly" }],
            variableCharacteristics: { unit: "s", dataType: "integer", supportsMonitoring: false },
          },
          {
            component: { name: "SecurityCtrlr" },
            variable: { name: "BasicAuthPassword" },
            variableAttribute: [{ mutability: "WriteOnly" }],
            variableCharacteristics: { dataType: "string", supportsMonitoring: false },
          },
        ],
      }),
    ).toEqual({});

    // The first part is there before the second is sent.
    expect(await variablesOf(id)).toEqual([
      {
        component: "OCPPCommCtrlr",
        componentInstance: null,
        evseId: null,
        connectorId: null,
        variable: "HeartbeatInterval",
        variableInstance: null,
        attributeType: "Actual",
        value: "300",
        mutability: "ReadWrite",
        dataType: "integer",
        unit: "s",
      },
      expect.objectContaining({ variable: "HeartbeatInterval", attributeType: "MaxSet", mutability: "ReadOnly" }),
      expect.objectContaining({ component: "SecurityCtrlr", value: null, mutability: "WriteOnly" }),
    ]);

    await client.call("NotifyReport", {
      requestId: 1,
      generatedAt,
      seqNo: 1,
      reportData: [
        {
          component: { name: "Connector", instance: "Type2", evse: { id: 1, connectorId: 1 } },
          variable: { name: "Available" },
          variableAttribute: [{ value: "true", mutability: "ReadOnly", constant: false, persistent: true }],
          variableCharacteristics: { dataType: "boolean", supportsMonitoring: true },
        },
        {
          component: { name: "EVSE", evse: { id: 1 } },
          variable: { name: "Power", instance: "Max" },
          variableAttribute: [{ value: "22000", mutability: "ReadOnly" }],
          variableCharacteristics: { unit: "W", dataType: "decimal", supportsMonitoring: true },
        },
      ],
    });

    expect((await variablesOf(id)).length).toBe(5);
    expect(await variablesOf(id, { component: "Connector" })).toEqual([
      {
        component: "Connector",
        componentInstance: "Type2",
        evseId: 1,
        connectorId: 1,
        variable: "Available",
        variableInstance: null,
        attributeType: "Actual",
        value: "true",
        mutability: "ReadOnly",
        dataType: "boolean",
        unit: null,
      },
    ]);
    expect(await variablesOf(id, { variable: "Power" })).toEqual([
      expect.objectContaining({ component: "EVSE", evseId: 1, connectorId: null, variableInstance: "Max" }),
    ]);
    expect(await variablesOf(id, { component: "EVSE", variable: "HeartbeatInterval" })).toEqual([]);
  });

  it("a later report of a variable replaces what the earlier one said", async () => {
    const { id, client } = await station();
    const report = (seqNo: number, value: string) =>
      client.call("NotifyReport", {
        requestId: seqNo,
        generatedAt,
        seqNo: 0,
        reportData: [
          {
            component: { name: "ClockCtrlr" },
            variable: { name: "TimeZone" },
            variableAttribute: [{ value }],
            variableCharacteristics: { dataType: "string", supportsMonitoring: false },
          },
        ],
      });
    await report(1, "Europe/Oslo");
    await report(2, "Europe/Berlin");

    expect((await variablesOf(id)).map((variable) => variable.value)).toEqual(["Europe/Berlin"]);
  });
});

const MONITORS = `query ($id: String!) {
  station(chargePointId: $id) {
    monitors { monitorId component componentInstance evseId connectorId variable variableInstance type value severity transaction }
  }
}`;

const powerMonitors = (severity: number, threshold: number) => ({
  requestId: 7,
  generatedAt,
  seqNo: 0,
  monitor: [
    {
      component: { name: "EVSE", evse: { id: 1 } },
      variable: { name: "Power" },
      variableMonitoring: [
        { id: 11, transaction: false, value: threshold, type: "UpperThreshold", severity },
        { id: 12, transaction: true, value: 60, type: "Periodic", severity: 8 },
      ],
    },
  ],
});

describe("a monitoring report (NotifyMonitoringReport)", () => {
  it("stores each monitor by its id, and a later report of an id replaces it", async () => {
    const { id, client } = await station();
    await client.call("NotifyMonitoringReport", powerMonitors(4, 22000.5));
    await client.call("NotifyMonitoringReport", powerMonitors(2, 11000));

    expect((await query(MONITORS, { id })).station.monitors).toEqual([
      {
        monitorId: 11,
        component: "EVSE",
        componentInstance: null,
        evseId: 1,
        connectorId: null,
        variable: "Power",
        variableInstance: null,
        type: "UpperThreshold",
        value: 11000,
        severity: 2,
        transaction: false,
      },
      expect.objectContaining({ monitorId: 12, type: "Periodic", value: 60, severity: 8, transaction: true }),
    ]);
  });

  it("refuses a report with a monitor value storage cannot hold (PropertyConstraintViolation), storing none of it", async () => {
    const { id, client } = await station();
    const report = powerMonitors(4, 1e300);
    await expect(client.call("NotifyMonitoringReport", report)).rejects.toMatchObject({
      rpcErrorCode: "PropertyConstraintViolation",
    });

    expect((await query(MONITORS, { id })).station.monitors).toEqual([]);
  });
});

const EVENT_FIELDS = `kind eventId type severity timestamp component variable evseId connectorId actualValue cleared
  techCode techInfo transactionId`;

describe("events a station notifies (NotifyEvent)", () => {
  it("are kept with their monitor's severity, set the variable's Actual value and reach subscribers", async () => {
    const { id, client } = await station();
    await client.call("NotifyMonitoringReport", powerMonitors(3, 22000));
    const live = subscribe(
      app.graphqlUrl,
      `subscription ($id: String) { stationEventReported(chargePointId: $id) { chargePointId kind eventId severity } }`,
      { id },
    );
    try {
      await live.ready;
      await client.call("NotifyEvent", {
        generatedAt,
        seqNo: 0,
        eventData: [
          {
            eventId: 1,
            timestamp: "2026-03-02T09:01:00.000Z",
            trigger: "Alerting",
            actualValue: "23500",
            techCode: "OVR",
            techInfo: "above threshold",
            transactionId: "tx-201-1",
            component: { name: "EVSE", evse: { id: 1 } },
            variable: { name: "Power" },
            variableMonitoringId: 11,
            eventNotificationType: "CustomMonitor",
          },
          {
            eventId: 2,
            timestamp: "2026-03-02T09:01:01.000Z",
            trigger: "Delta",
            actualValue: "true",
            cleared: true,
            component: { name: "ChargingStation" },
            variable: { name: "Problem" },
            eventNotificationType: "HardWiredNotification",
          },
        ],
      });

      const { station: stored } = await query(
        `query ($id: String!) { station(chargePointId: $id) { events(first: 10) { edges { node { ${EVENT_FIELDS} } } } } }`,
        { id },
      );
      expect(stored.events.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
        {
          kind: "Notification",
          eventId: 2,
          type: "Delta",
          severity: null,
          timestamp: "2026-03-02T09:01:01.000Z",
          component: "ChargingStation",
          variable: "Problem",
          evseId: null,
          connectorId: null,
          actualValue: "true",
          cleared: true,
          techCode: null,
          techInfo: null,
          transactionId: null,
        },
        {
          kind: "Notification",
          eventId: 1,
          type: "Alerting",
          severity: 3,
          timestamp: "2026-03-02T09:01:00.000Z",
          component: "EVSE",
          variable: "Power",
          evseId: 1,
          connectorId: null,
          actualValue: "23500",
          cleared: null,
          techCode: "OVR",
          techInfo: "above threshold",
          transactionId: "tx-201-1",
        },
      ]);
      expect(await variablesOf(id, { variable: "Power" })).toEqual([
        expect.objectContaining({ component: "EVSE", evseId: 1, attributeType: "Actual", value: "23500" }),
      ]);
      expect(await variablesOf(id, { variable: "Problem" })).toEqual([
        expect.objectContaining({ component: "ChargingStation", evseId: null, value: "true", mutability: null }),
      ]);
      const heard = [await live.next(), await live.next()].map((event) => event.stationEventReported);
      expect(heard).toEqual([
        { chargePointId: id, kind: "Notification", eventId: 1, severity: 3 },
        { chargePointId: id, kind: "Notification", eventId: 2, severity: null },
      ]);
    } finally {
      await live.close();
    }
  });

  it("update the Actual value a report stored, and leave what the report said of the variable", async () => {
    const { id, client } = await station();
    await client.call("NotifyReport", {
      requestId: 3,
      generatedAt,
      seqNo: 0,
      reportData: [
        {
          component: { name: "EVSE", evse: { id: 1 } },
          variable: { name: "Power" },
          variableAttribute: [{ value: "0", mutability: "ReadOnly" }],
          variableCharacteristics: { unit: "W", dataType: "decimal", supportsMonitoring: true },
        },
      ],
    });
    await client.call("NotifyEvent", {
      generatedAt,
      seqNo: 0,
      eventData: [
        {
          eventId: 5,
          timestamp: "2026-03-02T09:05:00.000Z",
          trigger: "Periodic",
          actualValue: "7400",
          component: { name: "EVSE", evse: { id: 1 } },
          variable: { name: "Power" },
          eventNotificationType: "PreconfiguredMonitor",
        },
      ],
    });

    expect(await variablesOf(id)).toEqual([
      expect.objectContaining({ value: "7400", mutability: "ReadOnly", dataType: "decimal", unit: "W" }),
    ]);
  });
});

describe("security events of a 2.0.1 station (SecurityEventNotification)", () => {
  it("are kept as Security events, a critical one at severity 0", async () => {
    const { id, client } = await station();
    await client.call("SecurityEventNotification", {
      type: "MaintenanceLoginFailed",
      timestamp: "2026-03-02T10:00:00.000Z",
      techInfo: "{'user': 'service', 'origin': '10.0.0.9'}",
    });
    await client.call("SecurityEventNotification", { type: "InvalidMessages", timestamp: "2026-03-02T10:00:01.000Z" });

    const { station: stored } = await query(
      `query ($id: String!) { station(chargePointId: $id) { events(first: 10, kind: Security) { edges { node { type severity techInfo } } } } }`,
      { id },
    );
    expect(stored.events.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { type: "InvalidMessages", severity: null, techInfo: null },
      { type: "MaintenanceLoginFailed", severity: 0, techInfo: "{'user': 'service', 'origin': '10.0.0.9'}" },
    ]);
  });
});

describe("the network's events (stationEvents)", () => {
  const NETWORK = `query ($id: String, $kind: StationEventKind, $minSeverity: Int, $first: Int, $after: String) {
    stationEvents(chargePointId: $id, kind: $kind, minSeverity: $minSeverity, first: $first, after: $after) {
      edges { cursor node { chargePointId kind type severity } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

  it("lists every station's events newest first, filtered by kind, minimum severity and station, page by page", async () => {
    const first = await station();
    const second = await station();
    await first.client.call("SecurityEventNotification", {
      type: "StartupOfTheDevice",
      timestamp: "2026-03-02T11:00:00.000Z",
    });
    await first.client.call("NotifyMonitoringReport", powerMonitors(5, 22000));
    await first.client.call("NotifyEvent", {
      generatedAt,
      seqNo: 0,
      eventData: [
        {
          eventId: 9,
          timestamp: "2026-03-02T11:00:01.000Z",
          trigger: "Alerting",
          actualValue: "22500",
          component: { name: "EVSE", evse: { id: 1 } },
          variable: { name: "Power" },
          variableMonitoringId: 11,
          eventNotificationType: "CustomMonitor",
        },
      ],
    });
    await second.client.call("SecurityEventNotification", {
      type: "ReconfigurationOfSecurityParameters",
      timestamp: "2026-03-02T11:00:02.000Z",
    });

    const ofFirst = await query(NETWORK, { id: first.id });
    expect(ofFirst.stationEvents.edges.map((edge: { node: { type: string } }) => edge.node.type)).toEqual([
      "Alerting",
      "StartupOfTheDevice",
    ]);
    const severe = await query(NETWORK, { minSeverity: 4 });
    const severeOfOurs = severe.stationEvents.edges
      .map((edge: { node: { chargePointId: string; type: string; severity: number } }) => edge.node)
      .filter((node: { chargePointId: string }) => node.chargePointId === first.id || node.chargePointId === second.id);
    expect(severeOfOurs).toEqual([
      { chargePointId: first.id, kind: "Security", type: "StartupOfTheDevice", severity: 0 },
    ]);
    const notifications = await query(NETWORK, { id: first.id, kind: "Notification" });
    expect(notifications.stationEvents.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { chargePointId: first.id, kind: "Notification", type: "Alerting", severity: 5 },
    ]);

    const page = await query(NETWORK, { id: first.id, first: 1 });
    expect(page.stationEvents.pageInfo.hasNextPage).toBe(true);
    const next = await query(NETWORK, { id: first.id, first: 1, after: page.stationEvents.pageInfo.endCursor });
    expect(next.stationEvents.edges.map((edge: { node: { type: string } }) => edge.node.type)).toEqual([
      "StartupOfTheDevice",
    ]);
  });
});
