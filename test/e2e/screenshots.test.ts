import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { ownDatabase } from "../helpers/own-database.js";
import { type DemoCharger, launchBrowser, seedDemo, watchPageErrors } from "./support.js";

// Walks the main pages over a small demo network and takes screenshots. `npm run screenshots` runs this file alone
// (on a fresh database) with SCREENSHOTS_DIR=docs/screenshots to refresh the pictures in docs/web-app.md; otherwise they go to
// a temporary directory and the test just checks that every page renders, fits a phone and logs no errors.

const keep = Boolean(process.env.SCREENSHOTS_DIR);
// A database of its own: pages list the newest rows first, and other files' transactions would push the demo's off them.
const database = ownDatabase("ocpp_screenshots");
let directory: string;
let app: TestApp;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let demo: Awaited<ReturnType<typeof seedDemo>>;

beforeAll(async () => {
  directory = keep ? resolve(process.env.SCREENSHOTS_DIR!) : await mkdtemp(join(tmpdir(), "ocpp-screens-"));
  await mkdir(directory, { recursive: true });
  await database.create({ migrated: true });
  app = await startTestApp({ DATABASE_URL: database.url });
  demo = await seedDemo(app);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const charger of (demo?.chargers ?? []) as DemoCharger[])
    await charger.client.close({ force: true }).catch(() => undefined);
  await browser?.close();
  await app?.close();
  await database.drop();
  if (!keep && directory) await rm(directory, { recursive: true, force: true });
});

const url = (path: string) => `http://127.0.0.1:${app.httpPort}${path}`;

async function settle(page: Page) {
  await page.locator('[data-connection="connected"]').waitFor({ timeout: 10_000 });
  await page.waitForLoadState("networkidle");
  // Let relative times and fonts settle; a full-page shot starts at the top (the header is sticky).
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
}

/** The elements that stick out to the right of the viewport (none when the page fits). */
async function overflowing(page: Page) {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const element of document.querySelectorAll("body *")) {
      const box = element.getBoundingClientRect();
      if (box.right > window.innerWidth + 1 && !element.parentElement?.closest(".table-wrap, .log-rows, .payload")) {
        out.push(`${element.tagName.toLowerCase()}.${element.className} right=${Math.round(box.right)}`);
      }
    }
    if (document.documentElement.scrollWidth <= window.innerWidth) return [];
    return out.length > 0 ? out.slice(0, 5) : [`document is ${document.documentElement.scrollWidth}px wide`];
  });
}

describe("screenshots of the main pages", () => {
  it(
    "dashboard, stations of both versions, transactions, session and ID tags render with demo data",
    { timeout: 120_000 },
    async () => {
      const page = await browser.newPage({ width: 1280, height: 900 });
      const errors = watchPageErrors(page);

      await page.goto(url("/"));
      await page.locator("[data-station]").first().waitFor();
      await settle(page);
      // Exact numbers only on the fresh database of `npm run screenshots`; in `npm test` other files share it.
      if (keep) {
        await page.locator('[data-station="DEPOT-01"] [aria-label="Connector 1: Charging"]').waitFor();
        expect(await page.getByTestId("active-sessions").textContent()).toBe("1");
      } else {
        expect(Number(await page.getByTestId("active-sessions").textContent())).toBeGreaterThanOrEqual(1);
      }
      await page.screenshot({ path: join(directory, "dashboard.png"), fullPage: true });

      await page.goto(url("/stations/DEPOT-01"));
      await page.getByRole("heading", { level: 1, name: "DEPOT-01" }).waitFor();
      await page.getByRole("button", { name: "Fetch from station" }).click();
      await page.locator('tr[data-key="HeartbeatInterval"]').waitFor();
      await page.getByRole("button", { name: "Edit HeartbeatInterval" }).click();
      await page.getByLabel("New value for HeartbeatInterval").fill("120");
      await page.getByRole("button", { name: "Save" }).click();
      await page.getByText("DEPOT-01 accepted the command.").waitFor();
      await expect.poll(() => page.locator('tr[data-key="HeartbeatInterval"] .config-value').textContent()).toBe("120");
      await page.locator('.log-rows > li[data-type="CALLERROR"] button').first().click();
      await settle(page);
      await page.screenshot({ path: join(directory, "station.png"), fullPage: true });

      await page.goto(url("/stations/PLAZA-201"));
      await page.getByRole("heading", { level: 1, name: "PLAZA-201" }).waitFor();
      await page.locator('tr[data-variable="HeartbeatInterval"]').waitFor();
      await page.locator('.event-row[data-event-type="TamperDetectionActivated"]').waitFor();
      await settle(page);
      await page.screenshot({ path: join(directory, "station-201.png"), fullPage: true });

      await page.goto(url("/transactions"));
      await page.locator(`[data-transaction="${demo.runningTransactionId}"]`).waitFor();
      await settle(page);
      if (keep) expect(await page.locator("[data-transaction]").count()).toBe(4);
      await page.screenshot({ path: join(directory, "transactions.png"), fullPage: true });

      await page.goto(url(`/transactions/${demo.runningTransactionId}`));
      await page.locator(".chart svg polyline").first().waitFor();
      await settle(page);
      await page.screenshot({ path: join(directory, "session.png"), fullPage: true });

      await page.goto(url("/id-tags"));
      await page.locator('tr[data-id-tag="LOST-7F21"]').waitFor();
      await settle(page);
      await page.screenshot({ path: join(directory, "id-tags.png"), fullPage: true });

      expect(errors).toEqual([]);
      await page.close();
    },
  );

  it("fits a phone's width", { timeout: 60_000 }, async () => {
    const page = await browser.newPage({ width: 390, height: 844 });
    for (const [name, path] of [
      ["phone-dashboard", "/"],
      ["phone-station", "/stations/DEPOT-01"],
      ["phone-station-201", "/stations/PLAZA-201"],
      ["phone-transactions", "/transactions"],
      ["phone-id-tags", "/id-tags"],
    ] as const) {
      await page.goto(url(path));
      await settle(page);
      expect(await overflowing(page), `${path} scrolls sideways on a phone`).toEqual([]);
      if (name === "phone-dashboard" || name === "phone-station")
        await page.screenshot({ path: join(directory, `${name}.png`) });
    }
    await page.close();
  });
});
