import type { CodegenConfig } from "@graphql-codegen/cli";

// Types the web app's operations from the committed, printed server schema (schema.graphql).
// The output is committed (web/src/gql, marked generated in web/.gitattributes) so a fresh clone builds without
// running codegen; `npm run codegen:check` regenerates into a temporary directory and fails when it differs.
// CODEGEN_OUT_DIR redirects the output (used by that check).
const outDir = (process.env.CODEGEN_OUT_DIR ?? "web/src/gql/").replace(/\/?$/, "/");

const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: ["web/src/**/*.{ts,tsx}", "!web/src/gql/**/*", "!web/src/**/*.test.{ts,tsx}"],
  ignoreNoDocuments: true,
  generates: {
    [outDir]: {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: { scalars: { DateTime: "string", JSON: "unknown" }, useTypeImports: true, enumsAsTypes: true },
    },
    // Every enum of the schema as a runtime object (the preset above emits only types, and only those operations
    // use), so the app lists values (actions, triggerable messages, error codes) from the schema, never by hand.
    [`${outDir}enums.ts`]: { plugins: ["typescript"], config: { onlyEnums: true, enumsAsConst: true } },
  },
};

export default config;
