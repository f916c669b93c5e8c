import type { AuthorizeResponse } from "../generated/ocpp-types.js";

/** OCPP's IdTagInfo, as every authorization answer carries it. */
export type IdTagInfo = AuthorizeResponse["idTagInfo"];
