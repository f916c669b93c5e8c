import { createRequire } from "node:module";

// The OCPP 1.6 JSON schemas vendored in ./schemas (its README names the source and version): the one place the
// protocol's actions and enumerations come from, for validation and (`npm run generate`) the payload types, action
// lists and enumeration values in src/generated/.

/** One message's schema; `$id` is "urn:<Action>.req" or "urn:<Action>.conf". */
export type OcppMessageSchema = { readonly $id: string; readonly [keyword: string]: unknown };

const require = createRequire(import.meta.url);

export const OCPP16_SCHEMAS: readonly OcppMessageSchema[] = require("./schemas/ocpp1_6.json") as OcppMessageSchema[];

/** The action and direction a schema `$id` names. */
export function schemaMessage($id: string): { action: string; kind: "req" | "conf" } {
  const [, action, kind] = /^urn:(\w+)\.(req|conf)$/.exec($id) ?? [];
  if (!action || (kind !== "req" && kind !== "conf")) throw new Error(`unexpected OCPP schema id ${$id}`);
  return { action, kind };
}
