// A failed CALL crosses between instances in the wire form the call-failure table gives it (src/ocpp/call-failures.ts),
// so the caller's instance raises the same error class the holder's did.
export { deserializeCallFailure, serializeCallFailure, type SerializedCallFailure } from "../ocpp/call-failures.js";
