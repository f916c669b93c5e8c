import { monitorValuesStorable } from "../../../features/device-model/device-model-rules.js";
import { OcppError } from "../../errors.js";
import type { ActionHandler201, Handler201Dependencies } from "./types.js";

/** A part of a GetMonitoringReport answer: stored as it comes. */
export const handleNotifyMonitoringReport =
  ({ deviceModel }: Handler201Dependencies): ActionHandler201<"NotifyMonitoringReport"> =>
  async (request, { chargePointId, frame }) => {
    const reports = (request.monitor ?? []).map((data) => ({
      component: data.component,
      variable: data.variable,
      monitors: data.variableMonitoring,
    }));
    // As for any value the schema allows but storage cannot hold: refused whole, nothing stored.
    if (!monitorValuesStorable(reports)) {
      throw new OcppError("PropertyConstraintViolation", "A monitor's value is beyond what can be stored (10^14)");
    }
    await deviceModel.monitorsReported(chargePointId, reports, frame);
    return {};
  };
