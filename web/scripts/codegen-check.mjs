// Fails when web/src/gql is not what `npm run codegen` would write now: regenerates into a temporary directory and
// compares file by file, leaving the working tree alone.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const committed = "web/src/gql";
const fresh = mkdtempSync(join(tmpdir(), "codegen-check-"));
try {
  const run = spawnSync("npx", ["graphql-codegen", "--config", "codegen.ts", "--silent"], {
    stdio: "inherit",
    env: { ...process.env, CODEGEN_OUT_DIR: fresh },
  });
  if (run.status !== 0) {
    console.error("codegen:check: graphql-codegen failed");
    process.exit(run.status ?? 1);
  }
  const list = (dir) =>
    readdirSync(dir)
      .filter((name) => !name.startsWith("."))
      .sort();
  const expected = list(fresh);
  const actual = list(committed);
  const stale = [];
  for (const name of new Set([...expected, ...actual])) {
    if (!expected.includes(name)) stale.push(`${committed}/${name} should not exist`);
    else if (!actual.includes(name)) stale.push(`${committed}/${name} is missing`);
    else if (readFileSync(join(fresh, name), "utf8") !== readFileSync(join(committed, name), "utf8"))
      stale.push(`${committed}/${name} differs`);
  }
  if (stale.length > 0) {
    console.error(
      `codegen:check: the generated GraphQL code is stale; run \`npm run codegen\` and commit it.\n  ${stale.join("\n  ")}`,
    );
    process.exit(1);
  }
  console.log(`codegen:check: ${committed} is up to date (${expected.length} files)`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
