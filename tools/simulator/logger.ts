/** Where a simulated charge point reports notable events, one short sentence each. */
export interface SimulatorLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** The default: a simulator prints nothing unless it is given a logger. */
export const silentLogger: SimulatorLogger = { info() {}, warn() {} };
