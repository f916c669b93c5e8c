import type { ActionHandler201, Handler201Dependencies } from "./types.js";

/** A part of a GetMonitoringReport answer: stored as it comes. */
export const handleNotifyMonitoringReport =
  ({ deviceModel }: Handler201Dependencies): ActionHandler201<"NotifyMonitoringReport"> =>
  async (request, { chargePointId, frame }) => {
    await deviceModel.monitorsReported(
      chargePointId,
      (request.monitor ?? []).map((data) => ({
        component: data.component,
        variable: data.variable,
        monitors: data.variableMonitoring,
      })),
      frame,
    );
    return {};
  };
