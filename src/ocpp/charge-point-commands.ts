import type { OcppRequests, OcppResponses } from "../generated/ocpp-types.js";

/** What the domain needs from the protocol layer to command a charger (implemented by OcppServer). */
export type ChargePointCommands = {
  send<A extends keyof OcppRequests>(
    chargePointId: string,
    action: A,
    request: OcppRequests[A],
  ): Promise<OcppResponses[A]>;
  /** Throws what send() would fail with before sending: an invalid request, or a charger that is not connected. */
  assertSendable<A extends keyof OcppRequests>(
    chargePointId: string,
    action: A,
    request: OcppRequests[A],
  ): void | Promise<void>;
};
