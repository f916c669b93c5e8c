import type { ActionHandler201 } from "./types.js";

/** This CSMS queries no OCSP responder on a station's behalf: Failed, and ocspResult left out as the schema allows. */
export const handleGetCertificateStatus = (): ActionHandler201<"GetCertificateStatus"> => async () => ({
  status: "Failed",
  statusInfo: { reasonCode: "NotEnabled", additionalInfo: "This CSMS does not query OCSP responders." },
});
