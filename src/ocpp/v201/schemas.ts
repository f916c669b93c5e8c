import { createRequire } from "node:module";
import type { OcppMessageSchema } from "../v16/schemas.js";

// The OCPP 2.0.1 JSON schemas vendored in ./schemas (its README names the source and version): the one place the
// 2.0.1 actions and enumerations come from, for validation and (`npm run generate`) the payload types, action lists
// and enumeration values in src/generated/ocpp201-*.ts.

const require = createRequire(import.meta.url);

export const OCPP201_SCHEMAS: readonly OcppMessageSchema[] = require("./schemas/ocpp2_0_1.json") as OcppMessageSchema[];
