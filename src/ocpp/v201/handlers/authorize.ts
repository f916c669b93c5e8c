import { idTokenInfo, NO_AUTHORIZATION } from "./id-token-info.js";
import type { ActionHandler201, Handler201Dependencies } from "./types.js";

/**
 * The token is authorized like a 1.6 idTag, from the same ID tags. No certificateStatus: the contract certificate
 * (or its hash data, for OCSP) is not checked here, and an answer about it would claim a check that was not made.
 */
export const handleAuthorize =
  ({ authorization }: Handler201Dependencies): ActionHandler201<"Authorize"> =>
  async ({ idToken }) => {
    if (idToken.type === NO_AUTHORIZATION) return { idTokenInfo: { status: "Accepted" } };
    return { idTokenInfo: idTokenInfo(await authorization.authorize(idToken.idToken)) };
  };
