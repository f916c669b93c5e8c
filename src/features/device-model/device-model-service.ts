import type { DeviceModelStore } from "../../db/stores/device-model.js";
import type { AuditLog, RecordedFrame } from "../audit/audit-log.js";
import { monitorRows, type MonitorReport, reportRows, type VariableReport } from "./device-model-rules.js";

export type { MonitorReport, VariableReport } from "./device-model-rules.js";

/**
 * A station's device model: its components' variables and the monitors set on them, as the station reports them.
 * Reports come in parts; each part is stored as it arrives, with its frame, so nothing waits for the last part.
 */
export class DeviceModelService {
  constructor(
    private readonly store: DeviceModelStore,
    private readonly audit: AuditLog,
  ) {}

  /** One part of a report of variables; how many attributes it stored. */
  variablesReported(chargePointId: string, reports: VariableReport[], frame?: RecordedFrame): Promise<number> {
    return this.audit.storeWith(frame, (claimed) =>
      this.store.saveVariables(chargePointId, reportRows(reports), claimed),
    );
  }

  /** One part of a report of monitors; how many monitors it stored. */
  monitorsReported(chargePointId: string, reports: MonitorReport[], frame?: RecordedFrame): Promise<number> {
    return this.audit.storeWith(frame, (claimed) =>
      this.store.saveMonitors(chargePointId, monitorRows(reports), claimed),
    );
  }
}
