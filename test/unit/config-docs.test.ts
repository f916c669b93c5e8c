import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { configurationDocs } from "../../src/config/docs.js";
import { settings } from "../../src/config/settings.js";

it("the committed docs/configuration.md matches the declarations (run `npm run docs:config` after a change)", async () => {
  const committed = await readFile(new URL("../../docs/configuration.md", import.meta.url), "utf8");
  expect(configurationDocs()).toBe(committed);
});

it("the configuration table has one row per declared variable", () => {
  const rows = configurationDocs()
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => /^\| `([A-Z0-9_]+)`/.exec(line)?.[1]);
  expect(rows).toEqual(Object.keys(settings));
});
