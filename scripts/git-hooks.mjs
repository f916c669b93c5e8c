#!/usr/bin/env node
// Runs from the "prepare" script after npm install / npm ci: installs the git hooks in lefthook.yml.
// lefthook's own postinstall does the same, but npm is moving to not running dependencies' install scripts
// (npm 11 already warns about them); "prepare" is the project's own script, so it keeps working.
// Skipped where hooks make no sense: CI (unless LEFTHOOK=1), outside a git checkout (Docker builds, tarballs), or
// when lefthook is not installed (npm ci --omit=dev).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const enabled = (value) => Boolean(value) && value !== "0" && value !== "false";
const lefthook = "node_modules/.bin/lefthook";
if (enabled(process.env.CI) && !enabled(process.env.LEFTHOOK)) process.exit(0);
if (!existsSync(".git") || !existsSync(lefthook)) process.exit(0);
const result = spawnSync(lefthook, ["install"], { stdio: "inherit" });
if (result.status !== 0)
  console.warn("lefthook install failed: git hooks are not installed (run npx lefthook install)");
