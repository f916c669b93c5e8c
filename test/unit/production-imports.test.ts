import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, it } from "vitest";

// The production image holds src/ and `npm ci --omit=dev`: a module under src/ that imports a development dependency
// (the simulator's ocpp-rpc, a test library) would start in development and crash in production.

const root = fileURLToPath(new URL("../..", import.meta.url));
const { dependencies } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
};

/** The package an import specifier names, or undefined for relative paths and Node's own modules. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("node:") || builtinModules.includes(specifier))
    return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

it("every package that src/ imports or requires is a production dependency", () => {
  const sources = readdirSync(path.join(root, "src"), { recursive: true, encoding: "utf8" }).filter((file) =>
    /\.(ts|tsx|mts|js|mjs)$/.test(file),
  );
  expect(sources.length).toBeGreaterThan(50);
  const outsideProduction: string[] = [];
  for (const file of sources) {
    const text = readFileSync(path.join(root, "src", file), "utf8");
    // Static and dynamic imports, export-from and require() calls (also through createRequire).
    const { importedFiles } = ts.preProcessFile(text, true, true);
    for (const { fileName } of importedFiles) {
      const name = packageOf(fileName);
      if (name && !(name in dependencies)) outsideProduction.push(`src/${file}: ${fileName}`);
    }
  }
  expect(outsideProduction).toEqual([]);
});
