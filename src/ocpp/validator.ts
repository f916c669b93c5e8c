import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { isOcppDateTime } from "./date-time.js";
import { OcppError, type OcppErrorCode } from "./errors.js";
import { specLimitAt, withSpecLimits } from "./v16/spec-limits.js";
import { OCPP16_SCHEMAS, type OcppMessageSchema, schemaMessage } from "./v16/schemas.js";
import { OCPP201_SCHEMAS } from "./v201/schemas.js";

export type MessageKind = "req" | "conf";

const INT32 = { minimum: -2_147_483_648, maximum: 2_147_483_647 };

/**
 * OCPP 1.6 defines its integers as xs:int and 2.0.1 as 32-bit integers; the JSON schemas only say "integer".
 * Bounding them keeps values no charger may send (and no database column can hold) out, as a
 * PropertyConstraintViolation.
 */
function withInt32Bounds(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withInt32Bounds);
  if (!schema || typeof schema !== "object") return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, withInt32Bounds(value)]));
  return copy.type === "integer" ? { ...INT32, ...copy } : copy;
}

/** What differs between the versions' validation: their schemas, their codes and 1.6's limits stated in prose. */
export type ValidationDialect = {
  /** "OCPP 1.6", for messages. */
  title: string;
  schemas: readonly OcppMessageSchema[];
  /**
   * The code a schema violation maps to, by the failed keyword. Missing fields break occurrence constraints, wrong
   * JSON types break type constraints, out-of-range or unlisted values break property constraints, and a property
   * the PDU does not define breaks its format; anything else is a property constraint.
   */
  codeByKeyword: Record<string, OcppErrorCode>;
  /** The code of a payload that fails without saying why. */
  formatCode: OcppErrorCode;
  /** Extra constraints for a request schema (1.6: the limits its prose states). */
  refineRequest?: (action: string, schema: Record<string, unknown>) => Record<string, unknown>;
  /** The reason a violated limit has, for its message (1.6's prose limits). */
  limitAt?: typeof specLimitAt;
};

export const OCPP16_DIALECT: ValidationDialect = {
  title: "OCPP 1.6",
  schemas: OCPP16_SCHEMAS,
  codeByKeyword: {
    required: "OccurenceConstraintViolation",
    minItems: "OccurenceConstraintViolation",
    maxItems: "OccurenceConstraintViolation",
    type: "TypeConstraintViolation",
    additionalProperties: "FormationViolation",
  },
  formatCode: "FormationViolation",
  refineRequest: withSpecLimits,
  limitAt: specLimitAt,
};

export const OCPP201_DIALECT: ValidationDialect = {
  title: "OCPP 2.0.1",
  schemas: OCPP201_SCHEMAS,
  codeByKeyword: {
    required: "OccurrenceConstraintViolation",
    minItems: "OccurrenceConstraintViolation",
    maxItems: "OccurrenceConstraintViolation",
    type: "TypeConstraintViolation",
    additionalProperties: "FormatViolation",
  },
  formatCode: "FormatViolation",
};

function describe(dialect: ValidationDialect, action: string, error: ErrorObject): string {
  const broken = error.keyword === "minimum" ? dialect.limitAt?.(action, error.instancePath) : undefined;
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

/** Validates payloads against one version's schemas, with that version's error codes. */
export class OcppValidator {
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly dialect: ValidationDialect = OCPP16_DIALECT) {
    // multipleOf 0.1 (charging limits) must accept 11.1, which binary floating point cannot divide exactly.
    const ajv = new Ajv({ strict: false, allErrors: false, multipleOfPrecision: 6 });
    addFormats.default(ajv, ["uri"]);
    // RFC 3339, and only instants JavaScript and PostgreSQL hold faithfully (see date-time.ts).
    ajv.addFormat("date-time", isOcppDateTime);
    for (const { $id, ...schema } of dialect.schemas) {
      // The schemas' "urn:Action.req" ids are not URNs Ajv can resolve; they only name the schema here.
      // 1.6 requests also get the limits OCPP 1.6 states only in prose (spec-limits.ts).
      const { action, kind } = schemaMessage($id);
      const limited = kind === "req" && dialect.refineRequest ? dialect.refineRequest(action, schema) : schema;
      this.validators.set($id, ajv.compile(withInt32Bounds(limited) as object));
    }
  }

  get title(): string {
    return this.dialect.title;
  }

  /** True when the version defines this action (in either direction). */
  knows(action: string): boolean {
    return this.validators.has(`urn:${action}.req`);
  }

  /** Throws the OcppError the specification prescribes when payload does not match the action's schema. */
  validate(action: string, kind: MessageKind, payload: unknown): void {
    const validate = this.validators.get(`urn:${action}.${kind}`);
    if (!validate) throw new OcppError("NotImplemented", `Unknown ${this.dialect.title} action ${action}`);
    if (validate(payload)) return;
    const [error] = validate.errors ?? [];
    if (!error) throw new OcppError(this.dialect.formatCode, `${action} payload is invalid`);
    const code = this.dialect.codeByKeyword[error.keyword] ?? "PropertyConstraintViolation";
    throw new OcppError(code, `${action}.${kind}: ${describe(this.dialect, action, error)}`, {
      path: error.instancePath,
      keyword: error.keyword,
    });
  }
}
