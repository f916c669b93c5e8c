import type { ActionHandler201 } from "./types.js";

/**
 * Accepted would promise a CertificateSigned with the signed certificate; with no certificate authority configured
 * nothing can sign the CSR, so the request is Rejected and the CSR stays in the audit log.
 */
export const handleSignCertificate = (): ActionHandler201<"SignCertificate"> => async () => ({
  status: "Rejected",
  statusInfo: { reasonCode: "NotEnabled", additionalInfo: "No certificate authority is configured." },
});
