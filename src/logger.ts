import { type DestinationStream, pino, type Logger } from "pino";

export type { Logger };

/**
 * Fields no log line may show, at the top level or one level down (`{ frame: { raw } }`): credentials, and the
 * payload and raw text of OCPP frames, which the audit log keeps (redacted, see docs/security.md). No log line
 * carries these today; this keeps one added later from leaking them.
 */
const NEVER_LOGGED = ["password", "passwordHash", "authorization", "AuthorizationKey", "payload", "raw"];
const REDACT_PATHS = [
  ...NEVER_LOGGED.flatMap((field) => [field, `*.${field}`]),
  "headers.authorization",
  "req.headers.authorization",
];

/**
 * JSON lines at `level` (LOG_LEVEL) to stdout, or to `destination`. Child loggers add `component`; OCPP lines also
 * carry `chargePointId`, and lines about one message its `uniqueId` and `action`.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: "ocpp-central" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
  };
  return destination ? pino(options, destination) : pino(options);
}
