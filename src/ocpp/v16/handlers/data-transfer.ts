import type { ActionHandler, HandlerDependencies } from "./types.js";

/** Vendor-specific data: handled when a handler is registered for the vendorId, otherwise UnknownVendorId. */
export const handleDataTransfer =
  ({ dataTransferHandlers }: HandlerDependencies): ActionHandler<"DataTransfer"> =>
  async (request, context) => {
    const vendorHandler = dataTransferHandlers.get(request.vendorId);
    return vendorHandler ? vendorHandler(request, context) : { status: "UnknownVendorId" };
  };
