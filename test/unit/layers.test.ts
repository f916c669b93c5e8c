import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, it } from "vitest";

// The layers of docs/architecture.md, held by their imports: the protocol core knows no feature and no API, the OCPP
// 1.6 adapter knows no API, and the features (outside their GraphQL modules) know no protocol version and no API.

const src = fileURLToPath(new URL("../../src", import.meta.url));

/** Every module under src/ (generated code aside) with what it imports, relative imports resolved to src/ paths. */
const modules = readdirSync(src, { recursive: true, encoding: "utf8" })
  .filter((file) => /\.ts$/.test(file) && !file.startsWith("generated"))
  .map((file) => {
    const { importedFiles } = ts.preProcessFile(readFileSync(path.join(src, file), "utf8"), true, true);
    const imports = importedFiles.map(({ fileName }) =>
      fileName.startsWith(".") ? path.posix.join(path.posix.dirname(file), fileName) : fileName,
    );
    return { file, imports };
  });

const API = /^(graphql|graphql-yoga|graphql-ws|@pothos\/|@graphql-yoga\/)|^graphql\//;
const PROTOCOL_VERSION = /^ocpp\/v\d+\/|^generated\/ocpp(201)?-types/;

function offending(files: (file: string) => boolean, forbidden: (specifier: string) => boolean): string[] {
  return modules
    .filter(({ file }) => files(file))
    .flatMap(({ file, imports }) => imports.filter(forbidden).map((specifier) => `${file} imports ${specifier}`));
}

it("finds the modules it checks", () => {
  expect(modules.filter(({ file }) => file.startsWith("features/")).length).toBeGreaterThan(30);
  expect(modules.filter(({ file }) => file.startsWith("ocpp/v16/")).length).toBeGreaterThan(15);
});

it("the protocol core imports no feature and nothing of the API", () => {
  const core = (file: string) => file.startsWith("ocpp/") && !/^ocpp\/v\d+\//.test(file);
  expect(offending(core, (specifier) => specifier.startsWith("features/") || API.test(specifier))).toEqual([]);
});

it("a protocol version's adapter imports nothing of the API", () => {
  expect(
    offending(
      (file) => /^ocpp\/v\d+\//.test(file),
      (specifier) => API.test(specifier),
    ),
  ).toEqual([]);
});

it("the features, outside their GraphQL modules, name no protocol version and nothing of the API", () => {
  const domain = (file: string) => file.startsWith("features/") && !file.endsWith("-graphql.ts");
  expect(offending(domain, (specifier) => PROTOCOL_VERSION.test(specifier) || API.test(specifier))).toEqual([]);
});

it("the GraphQL layer names no protocol version's messages", () => {
  const api = (file: string) => file.startsWith("graphql/") || file.endsWith("-graphql.ts");
  expect(offending(api, (specifier) => PROTOCOL_VERSION.test(specifier))).toEqual([]);
});
