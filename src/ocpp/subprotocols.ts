/** The WebSocket subprotocols this server speaks, newest first: a charger offering several gets the first accepted. */
export const OCPP_SUBPROTOCOLS = ["ocpp2.0.1", "ocpp1.6"] as const;
export type OcppSubprotocol = (typeof OCPP_SUBPROTOCOLS)[number];
