import type { CodegenConfig } from "@graphql-codegen/cli";

// Types the web app's operations from the committed, printed server schema (schema.graphql).
const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: ["web/src/**/*.{ts,tsx}", "!web/src/gql/**/*"],
  ignoreNoDocuments: true,
  generates: {
    "web/src/gql/": {
      preset: "client",
      config: { scalars: { DateTime: "string", JSON: "unknown" }, useTypeImports: true, enumsAsTypes: true },
    },
  },
};

export default config;
