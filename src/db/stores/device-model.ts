import type {
  StationVariableRow,
  VariableAddress,
  VariableMonitorRow,
} from "../../features/device-model/device-model-rules.js";
import type { BatchStatement, Sql } from "../sql.js";
import type { FrameInsertion } from "./audit.js";

const ADDRESS_COLUMNS = "component, component_instance, evse_id, connector_id, variable, variable_instance";
const ADDRESS_FIELDS = `component, "componentInstance", "evseId", "connectorId", variable, "variableInstance"`;
const ADDRESS_TYPES = `component text, "componentInstance" text, "evseId" int, "connectorId" int, variable text,
  "variableInstance" text`;
/** The unique key of station_variables (station_variables_key). */
const VARIABLE_KEY = `charge_point_id, ${ADDRESS_COLUMNS}, attribute_type`;

/**
 * A station's device model as it reported it: station_variables (one row per attribute of a variable) and
 * variable_monitors. The only code that writes these tables. Rows come in as one JSON document per statement (see
 * Sql); what the station sent is stored with them (see AuditLog.storeWith), so a report that was answered is kept.
 */
export class DeviceModelStore {
  constructor(private readonly sql: Sql) {}

  /** Upserts the attributes of a report part with its frame; how many rows it wrote. */
  async saveVariables(chargePointId: string, rows: StationVariableRow[], frame: FrameInsertion): Promise<number> {
    const audit = frame.ctes(3);
    const [result] = await this.sql.query<{ count: number; audit_ids: string[] | null }>(
      `WITH stored AS (
         INSERT INTO station_variables
           (${VARIABLE_KEY}, value, mutability, data_type, unit, updated_at)
         SELECT $1, ${ADDRESS_FIELDS}, "attributeType", value, mutability, "dataType", unit, now()
         FROM json_to_recordset($2::json) AS v(${ADDRESS_TYPES}, "attributeType" text, value text, mutability text,
           "dataType" text, unit text)
         ON CONFLICT (${VARIABLE_KEY}) DO UPDATE SET value = EXCLUDED.value, mutability = EXCLUDED.mutability,
           data_type = EXCLUDED.data_type, unit = EXCLUDED.unit, updated_at = now()
         RETURNING 1
       ), ${audit.text}
       SELECT (SELECT count(*) FROM stored)::int AS count, (SELECT ids FROM audit_ids) AS audit_ids`,
      [chargePointId, JSON.stringify(rows), audit.value],
    );
    frame.committed(result!.audit_ids);
    return result!.count;
  }

  /**
   * The statement that sets Actual values a station noticed (for the caller's transaction). A variable not reported
   * yet gets its Actual row; what a report said of it (mutability, data type, unit) stays. A WriteOnly value is
   * never kept (see reportRows).
   */
  actualValuesStatement(chargePointId: string, values: Array<VariableAddress & { value: string }>): BatchStatement {
    return {
      text: `
        INSERT INTO station_variables (${VARIABLE_KEY}, value, updated_at)
        SELECT $1, ${ADDRESS_FIELDS}, 'Actual', value, now()
        FROM json_to_recordset($2::json) AS v(${ADDRESS_TYPES}, value text)
        ON CONFLICT (${VARIABLE_KEY}) DO UPDATE SET
          value = CASE WHEN station_variables.mutability = 'WriteOnly' THEN NULL ELSE EXCLUDED.value END,
          updated_at = now()
        RETURNING id`,
      values: [chargePointId, JSON.stringify(values)],
      publish: () => {},
    };
  }

  /** Upserts monitors by their id (a station's monitor ids are its own) with the report's frame. */
  async saveMonitors(chargePointId: string, rows: VariableMonitorRow[], frame: FrameInsertion): Promise<number> {
    const audit = frame.ctes(3);
    const [result] = await this.sql.query<{ count: number; audit_ids: string[] | null }>(
      `WITH stored AS (
         INSERT INTO variable_monitors
           (charge_point_id, monitor_id, ${ADDRESS_COLUMNS}, type, value, severity, transaction, updated_at)
         SELECT $1, "monitorId", ${ADDRESS_FIELDS}, type, value, severity, transaction, now()
         FROM json_to_recordset($2::json) AS m("monitorId" int, ${ADDRESS_TYPES}, type text, value numeric,
           severity int, transaction boolean)
         ON CONFLICT (charge_point_id, monitor_id) DO UPDATE SET
           component = EXCLUDED.component, component_instance = EXCLUDED.component_instance,
           evse_id = EXCLUDED.evse_id, connector_id = EXCLUDED.connector_id, variable = EXCLUDED.variable,
           variable_instance = EXCLUDED.variable_instance, type = EXCLUDED.type, value = EXCLUDED.value,
           severity = EXCLUDED.severity, transaction = EXCLUDED.transaction, updated_at = now()
         RETURNING 1
       ), ${audit.text}
       SELECT (SELECT count(*) FROM stored)::int AS count, (SELECT ids FROM audit_ids) AS audit_ids`,
      [chargePointId, JSON.stringify(rows), audit.value],
    );
    frame.committed(result!.audit_ids);
    return result!.count;
  }
}
