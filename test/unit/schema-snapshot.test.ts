import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { printedSchema } from "../../src/graphql/schema.js";

it("the committed schema.graphql matches the schema the server builds (run `npm run schema:print` after a change)", async () => {
  const committed = await readFile(new URL("../../schema.graphql", import.meta.url), "utf8");
  expect(printedSchema()).toBe(committed);
});
