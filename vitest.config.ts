import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Integration files each start their own server on free ports against one shared test database.
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      {
        resolve: {
          // Node loads graphql's CommonJS build for dependencies (yoga, Pothos); our code must use the same copy.
          alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }],
        },
        test: {
          name: "node",
          include: ["test/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/helpers/global-setup.ts"],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The operator web app (web/): components and stores in a simulated DOM.
        oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
        test: {
          name: "web",
          include: ["web/src/**/*.test.{ts,tsx}"],
          environment: "happy-dom",
          testTimeout: 10_000,
        },
      },
    ],
  },
});
