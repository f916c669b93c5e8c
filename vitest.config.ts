import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

/** What every project run by Node (not the web app) shares. */
const nodeProject = (name: string, settings: NonNullable<TestProjectInlineConfiguration["test"]>) =>
  ({
    resolve: {
      // Node loads graphql's CommonJS build for dependencies (yoga, Pothos); our code must use the same copy.
      alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }],
    },
    test: { name, environment: "node", ...settings },
  }) satisfies TestProjectInlineConfiguration;

// Integration and e2e files each start their own server on free ports against one shared test database, which the
// global set-up creates and migrates once per run (both projects get the same one).
const withTestDatabase = {
  globalSetup: ["test/helpers/global-setup.ts"],
  testTimeout: 20_000,
  hookTimeout: 60_000,
  // State reached through the database lands within milliseconds on an idle machine, but a two-core CI runner with
  // both projects' servers busy has been seen to take over a second: polls wait for the outcome, not for a guess.
  expect: { poll: { timeout: 10_000, interval: 50 } },
};

export default defineConfig({
  test: {
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      // Pure code: no database, no server, so `vitest run --project unit` answers in seconds.
      nodeProject("unit", { include: ["test/unit/**/*.test.ts"], testTimeout: 10_000 }),
      nodeProject("integration", { include: ["test/integration/**/*.test.ts"], ...withTestDatabase }),
      // The web app in a real browser against a real server.
      nodeProject("e2e", { include: ["test/e2e/**/*.test.ts"], ...withTestDatabase }),
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
