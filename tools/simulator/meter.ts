export type MeterReading = { at: Date; energyWh: number; powerW: number; socPercent?: number };

const BATTERY_WH = 60_000;
const FULL_POWER_UP_TO_SOC = 80;

/**
 * The energy meter of one connector and the EV plugged into it. The register counts Wh over the connector's life;
 * during a session the EV draws full power until 80 % state of charge, then less and less until 100 %.
 */
export class EnergyMeter {
  private registerWh = 0;
  private session: { lastAt: number; socPercent: number } | undefined;

  constructor(private readonly maxPowerW: number) {}

  /** An EV starts charging; returns the register reading (meterStart). */
  begin(at: Date): number {
    this.session = { lastAt: at.getTime(), socPercent: 20 + Math.random() * 40 };
    return Math.round(this.registerWh);
  }

  /** Advances the register to `at` and reads it. */
  read(at: Date): MeterReading {
    const session = this.session;
    if (!session) return { at, energyWh: Math.round(this.registerWh), powerW: 0 };
    const hours = Math.max(0, at.getTime() - session.lastAt) / 3_600_000;
    const energyWh = this.powerAt(session.socPercent) * hours;
    this.registerWh += energyWh;
    session.socPercent = Math.min(100, session.socPercent + (energyWh / BATTERY_WH) * 100);
    session.lastAt = at.getTime();
    return {
      at,
      energyWh: Math.round(this.registerWh),
      powerW: Math.round(this.powerAt(session.socPercent)),
      socPercent: Math.floor(session.socPercent),
    };
  }

  /** The session ends; returns the last reading (meterStop). */
  end(at: Date): MeterReading {
    const reading = this.read(at);
    this.session = undefined;
    return reading;
  }

  private powerAt(socPercent: number): number {
    const taper = Math.max(0, Math.min(1, (100 - socPercent) / (100 - FULL_POWER_UP_TO_SOC)));
    // A real EV never draws exactly the same power twice.
    return this.maxPowerW * taper * (0.97 + Math.random() * 0.03);
  }
}
