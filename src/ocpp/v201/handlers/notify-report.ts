import type { ActionHandler201, Handler201Dependencies } from "./types.js";

/** A part of a GetBaseReport or GetReport answer: stored as it comes, whether more parts follow (tbc) or not. */
export const handleNotifyReport =
  ({ deviceModel }: Handler201Dependencies): ActionHandler201<"NotifyReport"> =>
  async (request, { chargePointId, frame }) => {
    await deviceModel.variablesReported(
      chargePointId,
      (request.reportData ?? []).map((data) => ({
        component: data.component,
        variable: data.variable,
        attributes: data.variableAttribute,
        characteristics: data.variableCharacteristics,
      })),
      frame,
    );
    return {};
  };
