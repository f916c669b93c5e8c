import type { ActionHandler201 } from "./types.js";

/**
 * Installing or updating an EV's contract certificate needs a contract certificate pool this CSMS is not connected to:
 * Failed. The schema requires exiResponse whatever the status; an empty one carries no EXI stream.
 */
export const handleGet15118EVCertificate = (): ActionHandler201<"Get15118EVCertificate"> => async () => ({
  status: "Failed",
  statusInfo: { reasonCode: "NotEnabled", additionalInfo: "No contract certificate pool is connected." },
  exiResponse: "",
});
