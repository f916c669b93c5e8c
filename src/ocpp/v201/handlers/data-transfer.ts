import type { DataTransferResponse } from "../../../generated/ocpp201-types.js";
import type { ActionHandler201, Handler201Dependencies } from "./types.js";

/**
 * The vendors registered for 1.6 answer here too; any other vendorId gets UnknownVendorId. Their handlers
 * take data as text, as 1.6 carries it; 2.0.1 carries any JSON value, so a value that is not text reaches them as its
 * JSON text, which is what a 1.6 charger of the same vendor would have put in the string.
 */
export const handleDataTransfer =
  ({ dataTransferHandlers }: Handler201Dependencies): ActionHandler201<"DataTransfer"> =>
  async ({ vendorId, messageId, data }, context) => {
    const vendorHandler = dataTransferHandlers.get(vendorId);
    if (!vendorHandler) return { status: "UnknownVendorId" };
    const text = data === undefined || typeof data === "string" ? data : JSON.stringify(data);
    const answer = await vendorHandler({ vendorId, messageId, data: text }, context);
    if (answer.data === undefined) return { status: answer.status };
    // The schema takes any JSON value as data; the generated type narrows it to an object.
    return { status: answer.status, data: answer.data as unknown as DataTransferResponse["data"] };
  };
