import { MessageTrigger, OcppAction, type OcppVersion } from "../gql/enums";

// OCPP lists as the server's schema gives them (web/src/gql/enums.ts, written by `npm run codegen`).

/** Every OCPP 1.6 action, for the message log's filter. */
export const OCPP_ACTIONS = Object.values(OcppAction);

/** The messages TriggerMessage can ask for. */
export const TRIGGERABLE_MESSAGES = Object.values(MessageTrigger);

/**
 * The actions each version defines, where the schema lists them: only 1.6's are an enum (OcppAction). For the others
 * the message log offers the actions it has seen.
 */
export const ACTIONS_OF_VERSION: Record<OcppVersion, readonly string[] | null> = {
  OCPP16: OCPP_ACTIONS,
  OCPP201: null,
};
