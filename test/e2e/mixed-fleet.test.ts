import type { RPCClient } from "ocpp-rpc";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootChargePoint, bootStation201, startTestApp, type TestApp, uniqueId } from "../helpers/app.js";
import { accessibilityProblems, launchBrowser, watchPageErrors } from "./support.js";

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
