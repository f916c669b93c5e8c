// The server's first import: on a Node older than package.json's engines it says so in one sentence before anything
// else loads, and goes on. Refusing would cost a newcomer on an older Node (Debian's, say) the zero-config start for a
// version that still runs every test today; the sentence tells them what CI does not vouch for.
import { readFileSync } from "node:fs";

/** The sentence to warn with when `version` (process.versions.node) is below `engines` (">=MAJOR[.MINOR[.PATCH]]"). */
export function unsupportedNodeMessage(engines: string, version: string): string | undefined {
  const range = engines.trim();
  const floor = range.startsWith(">=") ? parseVersion(range.slice(2)) : undefined;
  const running = parseVersion(version);
  if (!floor || !running) return undefined;
  const order = running.map((part, index) => part - floor[index]!).find((difference) => difference !== 0) ?? 0;
  if (order >= 0) return undefined;
  return `This server targets Node ${range} (Node ${floor[0]} LTS, see .nvmrc and docs/node.md) but runs on Node ${running.join(".")}, which CI does not test.`;
}

/** "24", "24.11", "v24.11.1" as [major, minor, patch]. */
function parseVersion(text: string): [number, number, number] | undefined {
  const parts = text.trim().replace(/^v/, "").split(".").map(Number);
  if (parts.length > 3 || parts.some((part) => !Number.isInteger(part) || part < 0)) return undefined;
  return [parts[0]!, parts[1] ?? 0, parts[2] ?? 0];
}

// eslint-disable-next-line security/detect-non-literal-fs-filename -- the project's own package.json
const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  engines?: { node?: string };
};
const message = unsupportedNodeMessage(manifest.engines?.node ?? "", process.versions.node);
if (message) console.warn(message);
