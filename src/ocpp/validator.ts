import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { isOcppDateTime } from "./date-time.js";
import { OcppError, type OcppErrorCode } from "./errors.js";
import { specLimitAt, withSpecLimits } from "./v16/spec-limits.js";
import { OCPP16_SCHEMAS, schemaMessage } from "./v16/schemas.js";

export type MessageKind = "req" | "conf";

const INT32 = { minimum: -2_147_483_648, maximum: 2_147_483_647 };

/**
 * OCPP 1.6 defines its integers as xs:int (32-bit); the JSON schemas only say "integer". Bounding them keeps values
 * no charger may send (and no database column can hold) out, as a PropertyConstraintViolation.
 */
function withInt32Bounds(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withInt32Bounds);
  if (!schema || typeof schema !== "object") return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, withInt32Bounds(value)]));
  return copy.type === "integer" ? { ...INT32, ...copy } : copy;
}

/**
 * Which OCPP-J 1.6 error code a schema violation maps to. Missing fields break occurrence constraints, wrong JSON
 * types break type constraints, out-of-range or unlisted values break property constraints, and a property the
 * PDU does not define breaks its formation.
 */
const ERROR_CODE_BY_KEYWORD: Record<string, OcppErrorCode> = {
  required: "OccurenceConstraintViolation",
  minItems: "OccurenceConstraintViolation",
  maxItems: "OccurenceConstraintViolation",
  type: "TypeConstraintViolation",
  additionalProperties: "FormationViolation",
};

function describe(action: string, error: ErrorObject): string {
  const broken = error.keyword === "minimum" ? specLimitAt(action, error.instancePath) : undefined;
  if (broken) {
    const { field, limit } = broken;
    return `${field} must be ${limit.minimum === 1 ? "greater than 0" : "0 or more"} (${limit.rule})`;
  }
  const where = error.instancePath || "payload";
  if (error.keyword === "required")
    return `${where} is missing required property "${String(error.params.missingProperty)}"`;
  if (error.keyword === "additionalProperties") {
    return `${where} has unexpected property "${String(error.params.additionalProperty)}"`;
  }
  if (error.keyword === "enum") return `${where} must be one of ${(error.params.allowedValues as string[]).join(", ")}`;
  return `${where} ${error.message ?? "is invalid"}`;
}

export class OcppValidator {
  private readonly validators = new Map<string, ValidateFunction>();

  constructor() {
    // multipleOf 0.1 (charging limits) must accept 11.1, which binary floating point cannot divide exactly.
    const ajv = new Ajv({ strict: false, allErrors: false, multipleOfPrecision: 6 });
    addFormats.default(ajv, ["uri"]);
    // RFC 3339, and only instants JavaScript and PostgreSQL hold faithfully (see date-time.ts).
    ajv.addFormat("date-time", isOcppDateTime);
    for (const { $id, ...schema } of OCPP16_SCHEMAS) {
      // The schemas' "urn:Action.req" ids are not URNs Ajv can resolve; they only name the schema here.
      // Requests also get the limits OCPP 1.6 states only in prose (spec-limits.ts).
      const { action, kind } = schemaMessage($id);
      const limited = kind === "req" ? withSpecLimits(action, schema) : schema;
      this.validators.set($id, ajv.compile(withInt32Bounds(limited) as object));
    }
  }

  /** True when OCPP 1.6 defines this action (in either direction). */
  knows(action: string): boolean {
    return this.validators.has(`urn:${action}.req`);
  }

  /** Throws the OcppError the specification prescribes when payload does not match the action's schema. */
  validate(action: string, kind: MessageKind, payload: unknown): void {
    const validate = this.validators.get(`urn:${action}.${kind}`);
    if (!validate) throw new OcppError("NotImplemented", `Unknown OCPP 1.6 action ${action}`);
    if (validate(payload)) return;
    const [error] = validate.errors ?? [];
    if (!error) throw new OcppError("FormationViolation", `${action} payload is invalid`);
    const code = ERROR_CODE_BY_KEYWORD[error.keyword] ?? "PropertyConstraintViolation";
    throw new OcppError(code, `${action}.${kind}: ${describe(action, error)}`, {
      path: error.instancePath,
      keyword: error.keyword,
    });
  }
}
