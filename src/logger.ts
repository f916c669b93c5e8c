import { type DestinationStream, pino, type Logger } from "pino";

export type { Logger };

/**
 * JSON lines at `level` (LOG_LEVEL) to stdout, or to `destination`. Child loggers add `component`; OCPP lines also
 * carry `chargePointId`, and lines about one message its `uniqueId` and `action`.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { service: "ocpp-central" }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}
