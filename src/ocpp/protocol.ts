import type { CallHandler } from "./connection.js";
import { type OcppErrorCode, spellAsOcpp16, spellAsOcpp201 } from "./errors.js";
import type { OcppSubprotocol } from "./subprotocols.js";
import { OCPP16_DIALECT, OCPP201_DIALECT, OcppValidator } from "./validator.js";

export { OCPP_SUBPROTOCOLS, type OcppSubprotocol } from "./subprotocols.js";

/** One OCPP version as a connection speaks it: its validation, its handlers and its spelling of error codes. */
export type OcppProtocol = {
  subprotocol: OcppSubprotocol;
  validator: OcppValidator;
  handlers: ReadonlyMap<string, CallHandler>;
  /** The version's own spelling of a CALLERROR code. */
  spell(code: OcppErrorCode): string;
  /**
   * Whether this charger may send this action now, else the CALLERROR it gets; checked before its payload is read.
   * 2.0.1 keeps a station whose BootNotification was not accepted to a few messages.
   */
  admits?(chargePointId: string, action: string): OcppErrorCode | undefined;
};

const validators = new Map<OcppSubprotocol, OcppValidator>();
/** Compiled once per process: compiling a version's schemas takes a noticeable fraction of a second. */
export function validatorFor(subprotocol: OcppSubprotocol): OcppValidator {
  let validator = validators.get(subprotocol);
  if (!validator) {
    validator = new OcppValidator(subprotocol === "ocpp1.6" ? OCPP16_DIALECT : OCPP201_DIALECT);
    validators.set(subprotocol, validator);
  }
  return validator;
}

export function ocppProtocol(
  subprotocol: OcppSubprotocol,
  handlers: ReadonlyMap<string, CallHandler>,
  admits?: OcppProtocol["admits"],
): OcppProtocol {
  return {
    subprotocol,
    validator: validatorFor(subprotocol),
    handlers,
    spell: subprotocol === "ocpp1.6" ? spellAsOcpp16 : spellAsOcpp201,
    admits,
  };
}
