import type { DeviceModelStore } from "../../db/stores/device-model.js";
import type { StationEventStore } from "../../db/stores/station-events.js";
import type { StationEvent } from "../../generated/prisma/client.js";
import type { AuditLog, RecordedFrame } from "../audit/audit-log.js";
import { actualValueRows } from "../device-model/device-model-rules.js";
import {
  type NotifiedEvent,
  notificationRow,
  type SecurityEventReport,
  securityEventRow,
} from "./station-event-rules.js";

export type { NotifiedEvent, SecurityEventReport } from "./station-event-rules.js";

/** What stations tell of themselves as it happens: monitored variables and hardware, and security events. */
export class StationEventService {
  constructor(
    private readonly store: StationEventStore,
    private readonly deviceModel: DeviceModelStore,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Keeps the events, and each variable's value as the events tell it (its Actual value) in the same transaction:
   * what the device model shows never lags behind the events that reported it.
   */
  notified(chargePointId: string, events: NotifiedEvent[], frame?: RecordedFrame): Promise<StationEvent[]> {
    const actualValues = actualValueRows(
      events.map(({ component, variable, actualValue, at }) => ({ component, variable, value: actualValue, at })),
    );
    return this.audit.storeWith(frame, (claimed) =>
      this.store.save(chargePointId, events.map(notificationRow), claimed, [
        this.deviceModel.actualValuesStatement(chargePointId, actualValues),
      ]),
    );
  }

  /** Keeps a security event, graded by the specification's list of critical ones. */
  securityEvent(chargePointId: string, event: SecurityEventReport, frame?: RecordedFrame): Promise<StationEvent[]> {
    return this.audit.storeWith(frame, (claimed) => this.store.save(chargePointId, [securityEventRow(event)], claimed));
  }
}
