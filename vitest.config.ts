import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build for dependencies (yoga, Pothos); our code must use the same copy.
    alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Integration files each start their own server on free ports against one shared test database.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
