/** How far behind schedule a pacer may fall before it forgets the debt instead of bursting to repay it. */
const MAX_CATCH_UP_MS = 1000;

/**
 * Paces events at `rate` per second without busy-waiting: it only does arithmetic, the caller
 * sleeps for {@link Pacer.waitMs}. When the consumer stalls, at most one second of events is
 * released in a burst afterwards, not the whole backlog.
 *
 * Not safe for concurrent use; a source calls it from its (never concurrent) `read`.
 */
export class Pacer {
  private readonly intervalMs: number;
  private nextDue: number;

  /** `rate` 0 means unpaced: {@link Pacer.take} always grants `max`. */
  constructor(
    rate: number,
    private readonly now: () => number = Date.now,
  ) {
    this.intervalMs = rate > 0 ? 1000 / rate : 0;
    this.nextDue = now();
  }

  /** Grants up to `max` events that are due now and books them. */
  take(max: number): number {
    if (this.intervalMs === 0) return max;
    const now = this.now();
    if (this.nextDue < now - MAX_CATCH_UP_MS) this.nextDue = now - MAX_CATCH_UP_MS;
    if (this.nextDue > now) return 0;
    const due = Math.min(max, Math.floor((now - this.nextDue) / this.intervalMs) + 1);
    this.nextDue += due * this.intervalMs;
    return due;
  }

  /** Returns `n` granted events that were not emitted after all, so the pace stays exact. */
  giveBack(n: number): void {
    this.nextDue -= n * this.intervalMs;
  }

  /** Milliseconds until the next event is due (0 when one is due now). */
  waitMs(): number {
    return Math.max(0, Math.ceil(this.nextDue - this.now()));
  }
}
