import type { RPCClient } from "ocpp-rpc";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootChargePoint, bootStation201, startTestApp, type TestApp, uniqueId } from "../helpers/app.js";
import { accessibilityProblems, launchBrowser, upsertIdTag, watchPageErrors } from "./support.js";

// A strict OCPP 1.6 charger and a strict OCPP 2.0.1 station on the same server, seen through the built web app.

let app: TestApp;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
const chargers: RPCClient[] = [];
const id16 = uniqueId("MIX-16");
const id201 = uniqueId("MIX-201");
let v16: RPCClient;
let v201: RPCClient;

const call = (client: RPCClient, action: string, payload: object) => client.call(action, payload) as Promise<any>;
const now = () => new Date().toISOString();
const status201 = (evseId: number, connectorId: number, connectorStatus: string) => ({
  timestamp: now(),
  connectorStatus,
  evseId,
  connectorId,
});

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
  v16 = await bootChargePoint(app, id16);
  chargers.push(v16);
  await call(v16, "StatusNotification", {
    connectorId: 1,
    status: "Available",
    errorCode: "NoError",
    timestamp: now(),
  });
  v201 = await bootStation201(app, id201);
  chargers.push(v201);
  await call(v201, "StatusNotification", status201(1, 1, "Available"));
  await call(v201, "StatusNotification", status201(2, 1, "Available"));
});

afterAll(async () => {
  for (const charger of chargers) await charger.close({ force: true }).catch(() => undefined);
  await browser?.close();
  await app?.close();
});

const baseUrl = () => `http://127.0.0.1:${app.httpPort}`;

async function openApp(page: Page, path: string) {
  await page.goto(`${baseUrl()}${path}`);
  await page.locator('[data-connection="connected"]').waitFor({ timeout: 10_000 });
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
}

const notReloaded = (page: Page) =>
  page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true);

describe("a mixed fleet in the web app", () => {
  it("the dashboard shows both stations with their versions and the 2.0.1 station's connectors by EVSE", async () => {
    const page = await browser.newPage();
    const errors = watchPageErrors(page);
    await openApp(page, "/");
    const card16 = page.locator(`[data-station="${id16}"]`);
    const card201 = page.locator(`[data-station="${id201}"]`);
    await card201.waitFor({ timeout: 10_000 });
    expect(await card16.locator(".version").textContent()).toBe("OCPP 1.6");
    expect(await card201.locator(".version").textContent()).toBe("OCPP 2.0.1");
    expect(await card201.textContent()).toContain("Acme Charging Systems · Volt 22");
    await card16.locator('[aria-label="Connector 1: Available"]').waitFor();
    await card201.locator('[aria-label="EVSE 1 · connector 1: Available"]').waitFor();

    // Connector 1 of EVSE 2 is taken: its badge changes live, connector 1 of EVSE 1 stays as it was.
    await call(v201, "StatusNotification", status201(2, 1, "Occupied"));
    await card201.locator('[aria-label="EVSE 2 · connector 1: Occupied"]').waitFor({ timeout: 10_000 });
    expect(await card201.locator('[aria-label="EVSE 1 · connector 1: Available"]').count()).toBe(1);
    expect(await card201.locator(".badge[data-status]").count()).toBe(2);

    expect(await accessibilityProblems(page)).toEqual([]);
    expect(await notReloaded(page)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it(
    "the 2.0.1 station's page groups connectors by EVSE and fills its device model and events as they arrive",
    { timeout: 60_000 },
    async () => {
      const page = await browser.newPage();
      const errors = watchPageErrors(page);
      await openApp(page, `/stations/${encodeURIComponent(id201)}`);
      await page.getByRole("heading", { level: 1, name: id201 }).waitFor();
      expect(await page.locator(".page-head .version").textContent()).toBe("OCPP 2.0.1");
      const evse2 = page.locator('.evse-list > li[data-evse="2"]');
      await evse2.getByRole("heading", { name: "EVSE 2" }).waitFor();
      expect(await evse2.locator('[data-connector="1"] .connector-meta').textContent()).toContain(
        "EVSE 2 · connector 1",
      );
      // The device model takes the place of 1.6 configuration keys.
      expect(await page.getByRole("heading", { name: "Configuration" }).count()).toBe(0);
      const deviceModel = page.locator('section[aria-labelledby="device-model-heading"]');
      await deviceModel.getByTestId("device-model-empty").waitFor();

      await call(v201, "NotifyReport", {
        requestId: 1,
        generatedAt: now(),
        seqNo: 0,
        reportData: [
          {
            component: { name: "OCPPCommCtrlr" },
            variable: { name: "HeartbeatInterval" },
            variableAttribute: [{ value: "300", mutability: "ReadWrite" }],
            variableCharacteristics: { unit: "s", dataType: "integer", supportsMonitoring: false },
          },
          {
            component: { name: "EVSE", evse: { id: 1 } },
            variable: { name: "Power" },
            variableAttribute: [{ type: "MaxSet", value: "22000", mutability: "ReadOnly" }],
            variableCharacteristics: { unit: "W", dataType: "decimal", supportsMonitoring: true },
          },
        ],
      });
      const heartbeatRow = deviceModel.locator('tr[data-variable="HeartbeatInterval"]');
      await heartbeatRow.waitFor({ timeout: 10_000 });
      expect(await heartbeatRow.locator("td").allTextContents()).toEqual(["300", "ReadWrite", "s"]);
      expect(
        await deviceModel
          .locator("tbody[data-component]")
          .evaluateAll((groups) => groups.map((g) => g.getAttribute("data-component"))),
      ).toEqual(["OCPPCommCtrlr", "EVSE (EVSE 1)"]);
      await deviceModel.getByLabel("Filter by component or variable").fill("power");
      await expect.poll(() => deviceModel.locator("tr[data-variable]").count()).toBe(1);
      expect(await deviceModel.locator('tr[data-variable="Power · MaxSet"] td').allTextContents()).toEqual([
        "22000",
        "ReadOnly",
        "W",
      ]);

      // A monitor grades the events it raises; the event arrives live, newest first, its severity as a tone.
      const events = page.locator('section[aria-labelledby="events-heading"]');
      await events.getByText(`${id201} has reported no events yet.`).waitFor();
      await call(v201, "NotifyMonitoringReport", {
        requestId: 2,
        generatedAt: now(),
        seqNo: 0,
        monitor: [
          {
            component: { name: "EVSE", evse: { id: 1 } },
            variable: { name: "Power" },
            variableMonitoring: [{ id: 11, transaction: false, value: 22000, type: "UpperThreshold", severity: 4 }],
          },
        ],
      });
      await call(v201, "NotifyEvent", {
        generatedAt: now(),
        seqNo: 0,
        eventData: [
          {
            eventId: 1,
            timestamp: now(),
            trigger: "Alerting",
            actualValue: "23500",
            techCode: "OVR",
            techInfo: "above threshold",
            component: { name: "EVSE", evse: { id: 1 } },
            variable: { name: "Power" },
            variableMonitoringId: 11,
            eventNotificationType: "CustomMonitor",
          },
        ],
      });
      const first = events.locator(".event-row").first();
      await expect.poll(() => first.getAttribute("data-event-type"), { timeout: 10_000 }).toBe("Alerting");
      expect(await first.locator(".badge").getAttribute("class")).toContain("badge-warn");
      expect(await first.textContent()).toContain("EVSE 1 · EVSE.Power = 23500");

      await call(v201, "SecurityEventNotification", { type: "TamperDetectionActivated", timestamp: now() });
      await expect
        .poll(() => first.getAttribute("data-event-type"), { timeout: 10_000 })
        .toBe("TamperDetectionActivated");
      expect(await first.locator(".badge").getAttribute("class")).toContain("badge-error");
      expect(await first.locator(".badge").textContent()).toContain("Danger");
      expect(await events.locator(".event-row").count()).toBe(2);

      // The event's actual value reached the device model too.
      await deviceModel.getByLabel("Filter by component or variable").fill("");
      await expect
        .poll(() => deviceModel.locator('tr[data-variable="Power"] td').first().textContent(), { timeout: 10_000 })
        .toBe("23500");

      // The log's filter offers the 2.0.1 actions this station sent, not 1.6's.
      const filterOptions = () => page.getByTestId("log-filter").locator("option").allTextContents();
      await expect.poll(filterOptions, { timeout: 10_000 }).toContain("NotifyReport");
      expect(await filterOptions()).not.toContain("StartTransaction");
      await page.getByTestId("log-filter").selectOption("SecurityEventNotification");
      await expect
        .poll(() =>
          page.locator(".log-rows > li").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action"))),
        )
        .toEqual(["SecurityEventNotification", "SecurityEventNotification"]);

      expect(await accessibilityProblems(page)).toEqual([]);
      expect(await notReloaded(page)).toBe(true);
      expect(errors).toEqual([]);
      await page.close();
    },
  );

  it(
    "an admin holds the 2.0.1 station pending from its page, and its next boot is answered so",
    { timeout: 60_000 },
    async () => {
      const page = await browser.newPage();
      const errors = watchPageErrors(page);
      await openApp(page, `/stations/${encodeURIComponent(id201)}`);
      const registration = page.getByRole("form", { name: "Registration" });
      await registration.getByTestId("registration-status").waitFor();
      expect(await registration.getByTestId("registration-status").textContent()).toBe("Accepted");

      await registration.getByRole("button", { name: "Hold pending…" }).click();
      await registration.getByRole("button", { name: `Confirm: hold pending ${id201}` }).click();
      await registration.getByText(`${id201} is held pending`).waitFor({ timeout: 10_000 });
      await page.locator('.page-head [data-registration="Pending"]').waitFor({ timeout: 10_000 });
      const boot = await call(v201, "BootNotification", {
        reason: "RemoteReset",
        chargingStation: { vendorName: "Acme Charging Systems", model: "Volt 22" },
      });
      expect(boot.status).toBe("Pending");

      await registration.getByRole("button", { name: "Accept…" }).click();
      await registration.getByRole("button", { name: `Confirm: accept ${id201}` }).click();
      await registration.getByText(`${id201} is accepted`).waitFor({ timeout: 10_000 });
      await expect.poll(() => page.locator(".page-head [data-registration]").count(), { timeout: 10_000 }).toBe(0);
      const again = await call(v201, "BootNotification", {
        reason: "RemoteReset",
        chargingStation: { vendorName: "Acme Charging Systems", model: "Volt 22" },
      });
      expect(again.status).toBe("Accepted");

      expect(await notReloaded(page)).toBe(true);
      expect(errors).toEqual([]);
      await page.close();
    },
  );

  it(
    "the transactions page shows a 2.0.1 session's own id, EVSE and token type beside a 1.6 session",
    { timeout: 60_000 },
    async () => {
      const tag16 = uniqueId("TAG");
      const token = uniqueId("TOKEN");
      await upsertIdTag(app.graphqlUrl, tag16);
      await upsertIdTag(app.graphqlUrl, token);
      const page = await browser.newPage();
      const errors = watchPageErrors(page);
      await openApp(page, "/transactions");
      await page.getByRole("heading", { name: "Active" }).waitFor();

      const started16 = await call(v16, "StartTransaction", {
        connectorId: 1,
        idTag: tag16,
        meterStart: 1000,
        timestamp: now(),
      });
      const stationTxId = uniqueId("tx");
      const event201 = (
        eventType: "Started" | "Ended",
        seqNo: number,
        transactionId: string,
        extra: Record<string, unknown>,
      ) => ({ eventType, timestamp: now(), seqNo, transactionInfo: { transactionId }, ...extra });
      await call(
        v201,
        "TransactionEvent",
        event201("Started", 0, stationTxId, {
          triggerReason: "Authorized",
          evse: { id: 2, connectorId: 1 },
          idToken: { idToken: token, type: "ISO14443" },
          meterValue: [
            {
              timestamp: now(),
              sampledValue: [{ value: 5000, context: "Transaction.Begin", measurand: "Energy.Active.Import.Register" }],
            },
          ],
        }),
      );
      // A session the station started on a plugged-in cable, before anyone showed a token or named a connector.
      const unauthorized = uniqueId("tx");
      await call(
        v201,
        "TransactionEvent",
        event201("Started", 0, unauthorized, { triggerReason: "CablePluggedIn", evse: { id: 1 } }),
      );

      const active = page.getByRole("region", { name: "Active sessions" });
      const row16 = active.locator(`tr[data-transaction="${started16.transactionId}"]`);
      const row201 = active.locator("tr[data-transaction]", { hasText: stationTxId });
      const rowUnauthorized = active.locator("tr[data-transaction]", { hasText: unauthorized });
      await row201.waitFor({ timeout: 10_000 });
      await row16.waitFor({ timeout: 10_000 });
      await rowUnauthorized.waitFor({ timeout: 10_000 });
      const cells = (row: typeof row16) => row.locator("td").allTextContents();
      expect((await cells(row201)).slice(1, 4)).toEqual([id201, "EVSE 2 · 1", `${token} ISO14443`]);
      expect((await cells(rowUnauthorized)).slice(1, 4)).toEqual([id201, "EVSE 1", "—"]);
      expect((await cells(row16)).slice(0, 4)).toEqual([`#${started16.transactionId}`, id16, "1", tag16]);

      await row201.getByRole("link", { name: /^#/ }).click();
      await page.getByTestId("station-transaction-id").waitFor();
      expect(await page.getByTestId("station-transaction-id").textContent()).toBe(stationTxId);
      const details = page.locator('section[aria-labelledby="session-details-heading"]');
      expect(await details.textContent()).toContain(`${id201}, EVSE 2 · connector 1`);
      expect(await details.textContent()).toContain(`${token} ISO14443 (Accepted)`);

      expect(await accessibilityProblems(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    },
  );

  it("the 1.6 charger's page looks as it always did: connectors by number and its configuration", async () => {
    const page = await browser.newPage();
    const errors = watchPageErrors(page);
    await openApp(page, `/stations/${encodeURIComponent(id16)}`);
    await page.getByRole("heading", { level: 1, name: id16 }).waitFor();
    expect(await page.locator(".page-head .version").textContent()).toBe("OCPP 1.6");
    await page.locator('.connector-list > li[data-connector="1"]').waitFor();
    expect(await page.locator('.connector-list > li[data-connector="1"] .connector-meta').textContent()).toContain(
      "Connector 1",
    );
    expect(await page.locator(".evse-list").count()).toBe(0);
    await page.getByRole("heading", { name: "Configuration" }).waitFor();
    expect(await page.getByRole("heading", { name: "Device model" }).count()).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
