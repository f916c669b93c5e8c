import { MessageTrigger, OcppAction } from "../gql/enums";

// OCPP lists as the server's schema gives them (web/src/gql/enums.ts, written by `npm run codegen`).

/** Every OCPP 1.6 action, for the message log's filter. */
export const OCPP_ACTIONS = Object.values(OcppAction);

/** The messages TriggerMessage can ask for. */
export const TRIGGERABLE_MESSAGES = Object.values(MessageTrigger);
