import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { unsupportedNodeMessage } from "../../src/node-version.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const read = (name: string) => readFileSync(path.join(root, name), "utf8");

type Manifest = {
  engines?: { node?: string };
};
type Lock = { packages: Record<string, { version?: string; engines?: unknown }> };

const manifest = JSON.parse(read("package.json")) as Manifest;
const lock = JSON.parse(read("package-lock.json")) as Lock;
const engines = manifest.engines?.node ?? "";

describe("the Node versions package.json claims", () => {
  it("are a valid range whose lowest release is in .nvmrc's major, the one CI and the image run", () => {
    expect(semver.validRange(engines), `engines.node ${engines}`).not.toBeNull();
    const major = read(".nvmrc").trim().replace(/^v/, "");
    expect(major).toMatch(/^\d+$/);
    expect(semver.minVersion(engines)?.major).toBe(Number(major));
  });

  // npm warns EBADENGINE for a locked package whose engines.node leaves out the running Node: on every version
  // that our engines allow, no locked package may leave it out.
  it("are all supported by every locked package", () => {
    const leftOut: string[] = [];
    for (const [location, entry] of Object.entries(lock.packages)) {
      if (!location) continue; // the project itself
      const wanted = (entry.engines as { node?: unknown } | undefined)?.node;
      if (typeof wanted !== "string" || semver.validRange(wanted) === null) continue;
      if (!semver.subset(engines, wanted)) leftOut.push(`${location}@${entry.version}: node ${wanted}`);
    }
    expect(leftOut).toEqual([]);
  });
});

describe("the server on a Node older than engines", () => {
  it("warns with one sentence naming the Node it targets and the one it runs on", () => {
    expect(unsupportedNodeMessage(">=24.11", "20.20.2")).toBe(
      "This server targets Node >=24.11 (Node 24 LTS, see .nvmrc and docs/node.md) but runs on Node 20.20.2, which CI does not test.",
    );
    expect(unsupportedNodeMessage(">=24.11", "v24.10.9")).toBeDefined();
    expect(unsupportedNodeMessage(">=24.11", "24.11.0")).toBeUndefined();
    expect(unsupportedNodeMessage(">=24.11", "26.1.0")).toBeUndefined();
  });

  it("understands the engines range package.json has", () => {
    expect(unsupportedNodeMessage(engines, "0.1.0")).toMatch(/^This server targets Node /);
    expect(unsupportedNodeMessage(engines, semver.minVersion(engines)!.version)).toBeUndefined();
  });
});
