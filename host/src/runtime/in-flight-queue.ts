/**
 * The bounded hand-off between a job's reader and its writer. `put` waits while the events in
 * flight (queued or being written) would exceed the budget, so a slow sink slows the source and
 * memory stays flat. A batch larger than the whole budget is still admitted when nothing else is
 * in flight, so a big batch size can never deadlock.
 */
export class InFlightQueue<T extends { size: number }> {
  private readonly items: T[] = [];
  private inFlight = 0;
  private readonly waitingPut: Array<() => void> = [];
  private waitingTake?: (item: T | undefined) => void;
  private closed = false;

  constructor(private readonly budget: number) {}

  /** Events in flight now: queued or being written. */
  get events(): number {
    return this.inFlight;
  }

  get isIdle(): boolean {
    return this.inFlight === 0;
  }

  async put(item: T, signal: AbortSignal): Promise<void> {
    while (!this.closed && this.inFlight > 0 && this.inFlight + item.size > this.budget) {
      if (signal.aborted) throw signal.reason;
      await new Promise<void>((resolve) => {
        const onAbort = () => resolve();
        signal.addEventListener('abort', onAbort, { once: true });
        this.waitingPut.push(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    }
    if (this.closed) throw new Error('queue closed');
    this.inFlight += item.size;
    const taker = this.waitingTake;
    if (taker) {
      this.waitingTake = undefined;
      taker(item);
    } else this.items.push(item);
  }

  /** Next item, or undefined once the queue is closed and drained. */
  take(): Promise<T | undefined> {
    const item = this.items.shift();
    if (item) return Promise.resolve(item);
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => (this.waitingTake = resolve));
  }

  /** Marks an item's events as finished (written or dead-lettered), freeing budget. */
  release(size: number): void {
    this.inFlight -= size;
    for (const wake of this.waitingPut.splice(0)) wake();
  }

  /** No more puts; `take` drains what is queued then yields undefined. */
  close(): void {
    this.closed = true;
    for (const wake of this.waitingPut.splice(0)) wake();
    if (this.items.length === 0 && this.waitingTake) {
      const taker = this.waitingTake;
      this.waitingTake = undefined;
      taker(undefined);
    }
  }

  /** Drops queued items (a hard stop); they were never acked, so the source re-delivers them. */
  clear(): void {
    for (const item of this.items.splice(0)) this.inFlight -= item.size;
  }
}
