import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RPCClient } from "ocpp-rpc";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { bootStation201, connectChargePoint } from "../helpers/app.js";
import { graphql } from "../helpers/graphql.js";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Headless Chromium with a fresh profile that is deleted on close. */
export async function launchBrowser(): Promise<{
  context: BrowserContext;
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}> {
  const userDataDir = await mkdtemp(join(tmpdir(), "ocpp-e2e-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
    viewport: { width: 1280, height: 900 },
    locale: "en-GB",
  });
  return {
    context,
    async newPage(viewport) {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      return page;
    },
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Collects the page's console errors and uncaught exceptions, so a test can assert there were none. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/**
 * What keyboard and screen reader users would miss on the page as it stands: form controls and buttons without an
 * accessible name, ids used twice (labels and aria references then point at the wrong element), scrollable regions
 * a keyboard cannot reach, and images without a text alternative. Empty when there is nothing to report.
 */
export function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const describe = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}${element.className ? `.${String(element.className).split(" ")[0]}` : ""}`;
    const hasName = (element: HTMLElement) => {
      if (element.getAttribute("aria-label")?.trim()) return true;
      const labelledBy = element.getAttribute("aria-labelledby");
      if (labelledBy && labelledBy.split(/\s+/).some((id) => document.getElementById(id)?.textContent?.trim()))
        return true;
      if ("labels" in element && (element as HTMLInputElement).labels?.length) return true;
      if (element.tagName === "BUTTON" || element.tagName === "A") return Boolean(element.textContent?.trim());
      return Boolean(element.getAttribute("title")?.trim());
    };
    for (const element of document.querySelectorAll<HTMLElement>(
      "input:not([type=hidden]), select, textarea, button, a[href]",
    )) {
      if (!hasName(element)) problems.push(`${describe(element)} has no accessible name`);
    }
    const ids = new Map<string, number>();
    for (const element of document.querySelectorAll("[id]")) ids.set(element.id, (ids.get(element.id) ?? 0) + 1);
    for (const [id, count] of ids) if (count > 1) problems.push(`id "${id}" is used ${count} times`);
    for (const element of document.querySelectorAll<HTMLElement>("body *")) {
      const style = getComputedStyle(element);
      const scrolls =
        /(auto|scroll)/.test(style.overflowY + style.overflowX) &&
        (element.scrollHeight > element.clientHeight + 1 || element.scrollWidth > element.clientWidth + 1);
      const reachable =
        element.tabIndex >= 0 || element.querySelector("a[href], button, input, select, textarea, [tabindex]");
      if (scrolls && !reachable) problems.push(`${describe(element)} scrolls but cannot be reached with the keyboard`);
    }
    for (const element of document.querySelectorAll('img, svg[role="img"]')) {
      if (!element.getAttribute("alt") && !element.getAttribute("aria-label"))
        problems.push(`${describe(element)} has no text alternative`);
    }
    return problems;
  });
}

const call = (client: RPCClient, action: string, payload: object) => client.call(action, payload) as Promise<any>;

export async function upsertIdTag(graphqlUrl: string, idTag: string, status = "Accepted", expiryDate?: string) {
  const result = await graphql(
    graphqlUrl,
    `
      mutation ($idTag: String!, $status: IdTagStatus!, $expiryDate: DateTime) {
        upsertIdTag(idTag: $idTag, status: $status, expiryDate: $expiryDate) {
          idTag
        }
      }
    `,
    { idTag, status, expiryDate },
  );
  if (result.errors) throw new Error(JSON.stringify(result.errors));
}

/** Answers every command a demo charger may get, like a well-behaved charger would. */
function answerCommands(client: RPCClient) {
  const configuration = [
    { key: "HeartbeatInterval", value: "300", readonly: false },
    { key: "MeterValueSampleInterval", value: "60", readonly: false },
    { key: "MeterValuesSampledData", value: "Energy.Active.Import.Register,Power.Active.Import", readonly: false },
    { key: "ConnectionTimeOut", value: "90", readonly: false },
    { key: "NumberOfConnectors", value: "2", readonly: true },
    { key: "AuthorizeRemoteTxRequests", value: "false", readonly: false },
    { key: "LocalAuthListEnabled", value: "true", readonly: false },
    { key: "ChargeProfileMaxStackLevel", value: "8", readonly: true },
  ];
  client.handle("GetConfiguration", async () => ({ configurationKey: configuration }));
  client.handle("ChangeConfiguration", async ({ params }) => {
    const entry = configuration.find((c) => c.key === params?.key);
    if (!entry) return { status: "NotSupported" };
    if (entry.readonly) return { status: "Rejected" };
    entry.value = String(params?.value);
    return { status: "Accepted" };
  });
  for (const action of [
    "RemoteStartTransaction",
    "RemoteStopTransaction",
    "Reset",
    "ChangeAvailability",
    "TriggerMessage",
    "ClearCache",
  ]) {
    client.handle(action, async () => ({ status: "Accepted" }));
  }
  client.handle("UnlockConnector", async () => ({ status: "Unlocked" }));
}

export type DemoCharger = { identity: string; client: RPCClient };

/** Boots a charger and reports a status for each connector. */
export async function bootDemoCharger(
  ocppUrl: string,
  identity: string,
  boot: { vendor: string; model: string; firmware?: string; serial?: string },
  statuses: Array<{ connectorId: number; status: string; errorCode?: string }>,
): Promise<DemoCharger> {
  const client = await connectChargePoint(ocppUrl, identity);
  answerCommands(client);
  await call(client, "BootNotification", {
    chargePointVendor: boot.vendor,
    chargePointModel: boot.model,
    ...(boot.firmware ? { firmwareVersion: boot.firmware } : {}),
    ...(boot.serial ? { chargePointSerialNumber: boot.serial, chargeBoxSerialNumber: `${boot.serial}-BOX` } : {}),
    meterType: "EM340",
  });
  await call(client, "Heartbeat", {});
  for (const { connectorId, status, errorCode } of statuses) {
    await call(client, "StatusNotification", {
      connectorId,
      status,
      errorCode: errorCode ?? "NoError",
      timestamp: new Date().toISOString(),
    });
  }
  return { identity, client };
}

const minutesAgo = (minutes: number, now = Date.now()) => new Date(now - minutes * 60_000).toISOString();

/**
 * A session on `connectorId` that started `startedMinutesAgo`, with energy and power samples every `stepMinutes`;
 * stopped `stoppedMinutesAgo` when given, else still running. Returns its transactionId.
 */
export async function demoSession(
  charger: DemoCharger,
  options: {
    connectorId: number;
    idTag: string;
    meterStart: number;
    startedMinutesAgo: number;
    stepMinutes: number;
    stoppedMinutesAgo?: number;
    peakKw: number;
  },
): Promise<number> {
  const { client } = charger;
  const { connectorId, idTag, meterStart, startedMinutesAgo, stepMinutes, stoppedMinutesAgo, peakKw } = options;
  const now = Date.now();
  const started = await call(client, "StartTransaction", {
    connectorId,
    idTag,
    meterStart,
    timestamp: minutesAgo(startedMinutesAgo, now),
  });
  const transactionId = started.transactionId as number;
  const endMinutesAgo = stoppedMinutesAgo ?? 0;
  let energyWh = meterStart;
  let previousMinutesAgo = startedMinutesAgo;
  for (let minutesAgoAt = startedMinutesAgo - stepMinutes; minutesAgoAt >= endMinutesAgo; minutesAgoAt -= stepMinutes) {
    const elapsed = startedMinutesAgo - minutesAgoAt;
    const total = startedMinutesAgo - endMinutesAgo;
    // Ramp up, hold, taper: what an EV's charge curve looks like from the wall.
    const shape =
      Math.min(1, elapsed / (total * 0.15)) *
      (elapsed > total * 0.7 ? Math.max(0.25, 1 - (elapsed - total * 0.7) / (total * 0.4)) : 1);
    const powerW = Math.round(peakKw * 1000 * shape);
    energyWh += Math.round((powerW * (previousMinutesAgo - minutesAgoAt)) / 60);
    previousMinutesAgo = minutesAgoAt;
    await call(client, "MeterValues", {
      connectorId,
      transactionId,
      meterValue: [
        {
          timestamp: minutesAgo(minutesAgoAt, now),
          sampledValue: [
            {
              value: String(energyWh),
              measurand: "Energy.Active.Import.Register",
              unit: "Wh",
              context: "Sample.Periodic",
            },
            { value: String(powerW), measurand: "Power.Active.Import", unit: "W", context: "Sample.Periodic" },
          ],
        },
      ],
    });
  }
  if (stoppedMinutesAgo !== undefined) {
    await call(client, "StopTransaction", {
      transactionId,
      meterStop: energyWh,
      timestamp: minutesAgo(stoppedMinutesAgo, now),
      reason: "EVDisconnected",
      idTag,
    });
  }
  return transactionId;
}

/**
 * An OCPP 2.0.1 station with two EVSEs, its device model, a monitor with the event it raised, a security event and a
 * finished session of its own (named by the station, with a token type).
 */
async function demoStation201(ocppUrl: string, identity: string): Promise<DemoCharger> {
  const client = await bootStation201(ocppUrl, identity);
  const at = (minutes: number) => minutesAgo(minutes);
  const statusOf = (evseId: number, connectorStatus: string) => ({
    timestamp: at(0),
    connectorStatus,
    evseId,
    connectorId: 1,
  });
  await call(client, "StatusNotification", statusOf(1, "Available"));
  await call(client, "StatusNotification", statusOf(2, "Occupied"));
  const report = (component: object, variable: string, value: string, mutability: string, unit?: string) => ({
    component,
    variable: { name: variable },
    variableAttribute: [{ value, mutability }],
    variableCharacteristics: { ...(unit ? { unit } : {}), dataType: "string", supportsMonitoring: false },
  });
  await call(client, "NotifyReport", {
    requestId: 1,
    generatedAt: at(30),
    seqNo: 0,
    reportData: [
      report({ name: "OCPPCommCtrlr" }, "HeartbeatInterval", "300", "ReadWrite", "s"),
      report({ name: "OCPPCommCtrlr" }, "NetworkProfileConnectionAttempts", "3", "ReadWrite"),
      report({ name: "SecurityCtrlr" }, "SecurityProfile", "2", "ReadOnly"),
      report({ name: "AuthCtrlr" }, "AuthorizeRemoteStart", "true", "ReadWrite"),
      report({ name: "SampledDataCtrlr" }, "TxUpdatedInterval", "60", "ReadWrite", "s"),
      report({ name: "EVSE", evse: { id: 1 } }, "Power", "22000", "ReadOnly", "W"),
      report({ name: "EVSE", evse: { id: 2 } }, "Power", "22000", "ReadOnly", "W"),
      report({ name: "Connector", evse: { id: 1, connectorId: 1 } }, "ConnectorType", "cType2", "ReadOnly"),
      report({ name: "Connector", evse: { id: 2, connectorId: 1 } }, "ConnectorType", "cType2", "ReadOnly"),
    ],
  });
  await call(client, "NotifyMonitoringReport", {
    requestId: 2,
    generatedAt: at(30),
    seqNo: 0,
    monitor: [
      {
        component: { name: "EVSE", evse: { id: 2 } },
        variable: { name: "Power" },
        variableMonitoring: [{ id: 21, transaction: false, value: 22000, type: "UpperThreshold", severity: 4 }],
      },
    ],
  });
  await call(client, "SecurityEventNotification", { type: "StartupOfTheDevice", timestamp: at(40) });
  const sessionId = "5f0c2a7e-41d9-4b8a-9c3e-8a1d2f60b7c4";
  const session = (eventType: string, seqNo: number, minutes: number, extra: object) => ({
    eventType,
    timestamp: at(minutes),
    seqNo,
    transactionInfo: { transactionId: sessionId },
    evse: { id: 2, connectorId: 1 },
    ...extra,
  });
  const reading = (minutes: number, wh: number, context: string) => [
    {
      timestamp: at(minutes),
      sampledValue: [{ value: wh, context, measurand: "Energy.Active.Import.Register" }],
    },
  ];
  await call(
    client,
    "TransactionEvent",
    session("Started", 0, 80, {
      triggerReason: "Authorized",
      idToken: { idToken: "04A2B3C4D5", type: "ISO14443" },
      meterValue: reading(80, 310_000, "Transaction.Begin"),
    }),
  );
  await call(client, "NotifyEvent", {
    generatedAt: at(60),
    seqNo: 0,
    eventData: [
      {
        eventId: 1,
        timestamp: at(60),
        trigger: "Alerting",
        actualValue: "22400",
        techCode: "OVR",
        techInfo: "above the EVSE's rating",
        transactionId: sessionId,
        component: { name: "EVSE", evse: { id: 2 } },
        variable: { name: "Power" },
        variableMonitoringId: 21,
        eventNotificationType: "CustomMonitor",
      },
    ],
  });
  await call(
    client,
    "TransactionEvent",
    session("Ended", 1, 20, {
      triggerReason: "EVDeparted",
      transactionInfo: { transactionId: sessionId, stoppedReason: "EVDisconnected" },
      meterValue: reading(20, 331_500, "Transaction.End"),
    }),
  );
  await call(client, "SecurityEventNotification", {
    type: "TamperDetectionActivated",
    timestamp: at(5),
    techInfo: "enclosure opened",
  });
  return { identity, client };
}

/** A small network for the screenshots: three 1.6 chargers and a 2.0.1 station, ID tags, a running and three finished sessions. */
export async function seedDemo(urls: { ocppUrl: string; graphqlUrl: string }) {
  const { ocppUrl, graphqlUrl } = urls;
  const year = new Date().getFullYear();
  await upsertIdTag(graphqlUrl, "04A2B3C4D5", "Accepted", new Date(year + 1, 11, 31, 23, 59).toISOString());
  await upsertIdTag(graphqlUrl, "FLEET-0012", "Accepted");
  await upsertIdTag(graphqlUrl, "FLEET-0013", "Accepted");
  await upsertIdTag(graphqlUrl, "LOST-7F21", "Blocked");
  await upsertIdTag(graphqlUrl, "VISITOR-88", "Accepted", new Date(Date.now() - 86_400_000 * 3).toISOString());

  const depot = await bootDemoCharger(
    ocppUrl,
    "DEPOT-01",
    { vendor: "Alfen", model: "Eve Double Pro", firmware: "6.4.1", serial: "ACE0012345" },
    [
      { connectorId: 0, status: "Available" },
      { connectorId: 1, status: "Available" },
      { connectorId: 2, status: "Available" },
    ],
  );
  const street = await bootDemoCharger(
    ocppUrl,
    "STREET-14",
    { vendor: "ABB", model: "Terra AC W22", firmware: "1.8.27", serial: "TACW2212" },
    [{ connectorId: 1, status: "Available" }],
  );
  const garage = await bootDemoCharger(
    ocppUrl,
    "GARAGE-03",
    { vendor: "Wallbox", model: "Copper SB", firmware: "5.17.0", serial: "WB-77810" },
    [
      { connectorId: 1, status: "Available" },
      { connectorId: 2, status: "Available" },
    ],
  );

  await demoSession(street, {
    connectorId: 1,
    idTag: "FLEET-0013",
    meterStart: 5_410_000,
    startedMinutesAgo: 200,
    stoppedMinutesAgo: 110,
    stepMinutes: 10,
    peakKw: 11,
  });
  await demoSession(depot, {
    connectorId: 2,
    idTag: "04A2B3C4D5",
    meterStart: 981_200,
    startedMinutesAgo: 150,
    stoppedMinutesAgo: 95,
    stepMinutes: 5,
    peakKw: 7.4,
  });
  await call(depot.client, "StatusNotification", { connectorId: 1, status: "Preparing", errorCode: "NoError" });
  const running = await demoSession(depot, {
    connectorId: 1,
    idTag: "FLEET-0012",
    meterStart: 1_204_500,
    startedMinutesAgo: 48,
    stepMinutes: 3,
    peakKw: 11,
  });
  await call(depot.client, "StatusNotification", { connectorId: 1, status: "Charging", errorCode: "NoError" });
  await call(garage.client, "StatusNotification", {
    connectorId: 2,
    status: "Faulted",
    errorCode: "GroundFailure",
    vendorErrorCode: "E-12",
  });
  await call(street.client, "StatusNotification", { connectorId: 1, status: "SuspendedEV", errorCode: "NoError" });
  // A frame that breaks the OCPP schema, so the message log shows how errors look.
  depot.client.sendRaw(JSON.stringify([2, "demo-bad-1", "Heartbeat", { unexpected: true }]));

  const plaza = await demoStation201(ocppUrl, "PLAZA-201");

  // A station that was seen once and is offline now.
  const old = await bootDemoCharger(ocppUrl, "YARD-07", { vendor: "Ensto", model: "One Pro" }, [
    { connectorId: 1, status: "Unavailable" },
  ]);
  await old.client.close();

  return { chargers: [depot, street, garage, plaza], runningTransactionId: running };
}
