import { readFileSync } from "node:fs";
import { expect, it } from "vitest";

// The "npm scripts" table of docs/contributing.md lists every script in package.json, and nothing else.
it("the npm scripts table of docs/contributing.md matches package.json", () => {
  const contributing = readFileSync(new URL("../../docs/contributing.md", import.meta.url), "utf8");
  const { scripts } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    scripts: Record<string, string>;
  };
  const section = contributing.split("\n## npm scripts\n")[1]?.split("\n## ")[0] ?? "";
  const listed = section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    // eslint-disable-next-line security/detect-unsafe-regex -- the table, one row at a time
    .flatMap((line) => [...line.split("|")[1]!.matchAll(/`([^`\s]+)(?: -- [^`]*)?`/g)].map((match) => match[1]!));
  expect(listed.length).toBeGreaterThan(0);
  expect([...new Set(listed)].sort()).toEqual(Object.keys(scripts).sort());
});
