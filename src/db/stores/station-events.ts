import type { EventPublisher } from "../../events/event-bus.js";
import type { StationEventRow } from "../../features/station-events/station-event-rules.js";
import type { StationEvent } from "../../generated/prisma/client.js";
import { asModel, type BatchStatement, type Sql } from "../sql.js";
import type { FrameInsertion } from "./audit.js";

/** A station_events row as Prisma reads it: the driver returns its bigint id as a string. */
const asStationEvent = (row: Record<string, unknown>): StationEvent => {
  const event = asModel<StationEvent>(row);
  return { ...event, id: BigInt(event.id as unknown as string) };
};

/**
 * A station resends an event it got no answer for (security events are queued while it is offline), so an event
 * equal to one of the station's latest is taken as a copy and not stored again. Only that many are compared: a copy
 * comes soon after its original, and they are read through the (charge_point_id, id) index.
 */
const RECENT_EVENTS_COMPARED = 1000;

/**
 * station_events: what stations notified (monitors and hard-wired events) and their security events. The only code
 * that writes the table, and the only one that publishes stationEventReported, once the write committed.
 */
export class StationEventStore {
  constructor(
    private readonly sql: Sql,
    private readonly events: EventPublisher,
  ) {}

  /**
   * Stores the events with the frame that reported them, and `alongside` (other stores' statements about the same
   * frame) in the same transaction. A notification without a severity of its own takes its monitor's. Returns the
   * events stored (copies of stored ones are not).
   */
  async save(
    chargePointId: string,
    rows: StationEventRow[],
    frame: FrameInsertion,
    alongside: BatchStatement[] = [],
  ): Promise<StationEvent[]> {
    const audit = frame.ctes(3);
    const insert = {
      text: `
        WITH recent AS (
          SELECT kind, event_id, type, timestamp, tech_info FROM station_events
          WHERE charge_point_id = $1 ORDER BY id DESC LIMIT ${RECENT_EVENTS_COMPARED}
        ), inserted AS (
          INSERT INTO station_events (charge_point_id, kind, event_id, type, severity, timestamp, component, variable,
            evse_id, connector_id, actual_value, cleared, tech_code, tech_info, transaction_id)
          SELECT $1, e.kind, e."eventId", e.type, coalesce(e.severity, m.severity), e.timestamp, e.component,
            e.variable, e."evseId", e."connectorId", e."actualValue", e.cleared, e."techCode", e."techInfo",
            e."transactionId"
          FROM ROWS FROM (json_to_recordset($2::json) AS (kind station_event_kind, "eventId" int, type text,
            severity int, "monitorId" int, timestamp timestamptz, component text, variable text, "evseId" int,
            "connectorId" int, "actualValue" text, cleared boolean, "techCode" text, "techInfo" text,
            "transactionId" text)) WITH ORDINALITY AS e
          LEFT JOIN variable_monitors AS m ON m.charge_point_id = $1 AND m.monitor_id = e."monitorId"
          WHERE NOT EXISTS (
            SELECT 1 FROM recent AS r
            WHERE r.kind = e.kind AND r.event_id IS NOT DISTINCT FROM e."eventId" AND r.type = e.type
              AND r.timestamp = e.timestamp AND r.tech_info IS NOT DISTINCT FROM e."techInfo")
          ORDER BY e.ordinality
          RETURNING *
        ), ${audit.text}
        SELECT (SELECT ids FROM audit_ids) AS audit_ids, i.*
        FROM (VALUES (1)) AS one (x) LEFT JOIN inserted AS i ON true
        ORDER BY i.id`,
      values: [chargePointId, JSON.stringify(rows), audit.value],
    };
    let rowsReturned: Array<Record<string, unknown>>;
    if (alongside.length === 0) rowsReturned = await this.sql.query(insert.text, insert.values);
    else {
      const results = await this.sql.transaction(async (query) => {
        const others = [];
        for (const statement of alongside)
          others.push(await query<Record<string, unknown>>(statement.text, statement.values));
        return { others, own: await query<Record<string, unknown>>(insert.text, insert.values) };
      });
      alongside.forEach((statement, index) => statement.publish(results.others[index]!));
      rowsReturned = results.own;
    }
    frame.committed(rowsReturned[0]?.audit_ids as string[] | null);
    const stored = rowsReturned
      .filter((row) => row.id !== null)
      .map(({ audit_ids: _auditIds, ...row }) => asStationEvent(row));
    for (const event of stored) this.events.publish("stationEventReported", event);
    return stored;
  }
}
