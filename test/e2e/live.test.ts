import type { RPCClient } from "ocpp-rpc";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootChargePoint, startTestApp, type TestApp, uniqueId } from "../helpers/app.js";
import { launchBrowser, upsertIdTag, watchPageErrors } from "./support.js";

// The built web app (web/dist, written by `npm run build:web` in pretest) against the real server, in Chromium.

let app: TestApp;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
const chargers: RPCClient[] = [];

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const charger of chargers) await charger.close({ force: true }).catch(() => undefined);
  await browser?.close();
  await app?.close();
});

const baseUrl = () => `http://127.0.0.1:${app.httpPort}`;
const call = (client: RPCClient, action: string, payload: object) => client.call(action, payload) as Promise<any>;
const status = (connectorId: number, value: string) => ({
  connectorId,
  status: value,
  errorCode: "NoError",
  timestamp: new Date().toISOString(),
});

async function openApp(page: Page, path = "/") {
  await page.goto(`${baseUrl()}${path}`);
  await page.locator('[data-connection="connected"]').waitFor({ timeout: 10_000 });
  // Survives only as long as the page is not reloaded.
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
}

const notReloaded = (page: Page) =>
  page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true);

describe("the operator web app in Chromium", () => {
  it("is served at / with SPA fallback for deep links", async () => {
    const root = await fetch(`${baseUrl()}/`);
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('<div id="app">');
    const deep = await fetch(`${baseUrl()}/stations/ANY-STATION`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="app">');
  });

  it("shows a charge point that boots and changes status without a reload", { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    const errors = watchPageErrors(page);
    await openApp(page);
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();

    const identity = uniqueId("E2E-LIVE");
    const client = await bootChargePoint(app, identity);
    chargers.push(client);
    const card = page.locator(`[data-station="${identity}"]`);
    await card.waitFor({ timeout: 10_000 });
    await expect.poll(() => card.locator('[data-connected="true"]').count(), { timeout: 10_000 }).toBe(1);
    expect(await card.textContent()).toContain("Acme · Volt 22");

    await call(client, "StatusNotification", status(1, "Available"));
    await card.locator('[aria-label="Connector 1: Available"]').waitFor({ timeout: 10_000 });
    await call(client, "StatusNotification", status(1, "Charging"));
    await card.locator('[aria-label="Connector 1: Charging"]').waitFor({ timeout: 10_000 });
    expect(await card.locator('[aria-label^="Connector 1:"]').count()).toBe(1);

    await call(client, "Heartbeat", {});
    await client.close();
    await expect.poll(() => card.locator('[data-connected="false"]').count(), { timeout: 10_000 }).toBe(1);

    expect(await notReloaded(page)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("sends a remote start clicked in the page to the charger and shows its answer", { timeout: 60_000 }, async () => {
    const identity = uniqueId("E2E-START");
    const idTag = uniqueId("TAG");
    await upsertIdTag(app.graphqlUrl, idTag);
    const client = await bootChargePoint(app, identity);
    chargers.push(client);
    await call(client, "StatusNotification", status(1, "Available"));
    await call(client, "StatusNotification", status(2, "Available"));
    const received: Array<Record<string, unknown>> = [];
    client.handle("RemoteStartTransaction", async ({ params }) => {
      received.push(params ?? {});
      return { status: "Accepted" };
    });

    const page = await browser.newPage();
    const errors = watchPageErrors(page);
    await openApp(page);
    await page.locator(`[data-station="${identity}"] a.station-name`).click();
    await page.getByRole("heading", { level: 1, name: identity }).waitFor();
    await page.locator('[data-connector="2"]').waitFor();

    const form = page.getByRole("form", { name: "Remote start" });
    await form.getByLabel("Connector").selectOption("2");
    await form.getByLabel("ID tag").fill(idTag);
    await form.getByRole("button", { name: "Start charging" }).click();
    await form.getByText(`${identity} accepted the command.`).waitFor({ timeout: 10_000 });
    expect(received).toEqual([{ idTag, connectorId: 2 }]);

    // The command shows up in the live message log, newest first.
    const firstRow = page.locator(".log-rows > li").first();
    await expect.poll(() => firstRow.getAttribute("data-action"), { timeout: 10_000 }).toBe("RemoteStartTransaction");
    const callRow = page.locator('.log-rows > li[data-action="RemoteStartTransaction"][data-type="CALL"]');
    await callRow.getByRole("button").click();
    const payload = (await callRow.locator(".payload").textContent()) ?? "";
    expect(payload).toContain('\n  "idTag"'); // pretty-printed
    expect(JSON.parse(payload)).toEqual({ idTag, connectorId: 2 });

    // A charger that refuses is reported as such; a charger that is gone, in words.
    client.handle("UnlockConnector", async () => ({ status: "UnlockFailed" }));
    const unlock = page.getByRole("form", { name: "Unlock connector" });
    await unlock.getByRole("button", { name: "Unlock" }).click();
    await unlock.getByText(`${identity} could not unlock the connector.`).waitFor({ timeout: 10_000 });

    await client.close();
    await page.locator('[data-connected="false"]').first().waitFor({ timeout: 10_000 });
    await unlock.getByRole("button", { name: "Unlock" }).click();
    await unlock
      .getByText(`${identity} is not connected, so the command could not be sent.`)
      .waitFor({ timeout: 10_000 });

    expect(await notReloaded(page)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it(
    "shows its own connection state and reconnects by itself after the server restarts",
    { timeout: 90_000 },
    async () => {
      const page = await browser.newPage();
      await openApp(page);
      const port = app.httpPort;

      await app.close();
      await page.locator('[data-connection="reconnecting"]').waitFor({ timeout: 10_000 });
      app = await startTestApp({ PORT: String(port) });
      await page.locator('[data-connection="connected"]').waitFor({ timeout: 30_000 });

      // Subscriptions are live again: a charger booting on the new server appears.
      const identity = uniqueId("E2E-BACK");
      const client = await bootChargePoint(app, identity);
      chargers.push(client);
      await page.locator(`[data-station="${identity}"]`).waitFor({ timeout: 10_000 });
      expect(await notReloaded(page)).toBe(true);
      await page.close();
    },
  );
});
