import type { ActionHandler } from "./types.js";

/**
 * Accepted would promise a CertificateSigned with the signed certificate; with no certificate authority configured
 * nothing can sign the CSR, so the request is Rejected (as for 2.0.1) and the CSR stays in the audit log.
 */
export const handleSignCertificate = (): ActionHandler<"SignCertificate"> => async () => ({ status: "Rejected" });
