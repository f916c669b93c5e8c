// setTimeout cannot wait longer than 2^31 - 1 ms (about 24.8 days).
const LONGEST_DELAY_MS = 2_147_483_647;

export type Timer = NodeJS.Timeout;

/** The timers of one charge point, so that a stop or a reboot cancels all of them at once. */
export class Timers {
  private readonly active = new Set<Timer>();

  after(delayMs: number, work: () => void): Timer {
    const timer = setTimeout(
      () => {
        this.active.delete(timer);
        work();
      },
      Math.min(Math.max(0, delayMs), LONGEST_DELAY_MS),
    );
    this.active.add(timer);
    return timer;
  }

  every(intervalMs: number, work: () => void): Timer {
    const timer = setInterval(work, Math.min(intervalMs, LONGEST_DELAY_MS));
    this.active.add(timer);
    return timer;
  }

  cancel(timer: Timer | undefined): void {
    if (!timer) return;
    clearTimeout(timer); // also clears intervals
    this.active.delete(timer);
  }

  cancelAll(): void {
    for (const timer of this.active) clearTimeout(timer);
    this.active.clear();
  }
}
