/** Reconnect delays as chargers use them: the initial delay, doubled after every failure up to a cap, ±25 % jitter. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {}

  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** this.attempt++);
    return Math.round(Math.min(this.maxMs, base * (0.75 + Math.random() * 0.5)));
  }

  reset(): void {
    this.attempt = 0;
  }
}
