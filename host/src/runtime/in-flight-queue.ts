/**
 * The bounded hand-off between a job's reader and its writer. `put` waits while the events in
 * flight (queued or being written) would exceed the budget, so a slow sink slows the source and
 * memory stays flat. A batch larger than the whole budget is still admitted when nothing else is
 * in flight, so a big batch size can never deadlock.
 *
 * Every batch passes through here, so the common steps cost no promise: `tryPut` and `poll`
 * answer synchronously, and waiting putters share one promise that the next `release` settles.
 */
export class InFlightQueue<T extends { size: number }> {
  private readonly items: T[] = [];
  private inFlight = 0;
  /** Settled (and dropped) by the next release, close or abort: every waiting putter checks again. */
  private space?: { promise: Promise<void>; wake: () => void };
  private waitingTake?: (item: T | undefined) => void;
  private closed = false;
  private readonly wakePutters = () => {
    const space = this.space;
    this.space = undefined;
    space?.wake();
  };

  /**
   * `stop`: the signal the job's reader puts with, watched once for the queue's life; a put with
   * any other signal watches it for the length of its wait.
   */
  constructor(
    private readonly budget: number,
    private readonly stop?: AbortSignal,
  ) {
    stop?.addEventListener('abort', this.wakePutters, { once: true });
  }

  /** Events in flight now: queued or being written. */
  get events(): number {
    return this.inFlight;
  }

  get isIdle(): boolean {
    return this.inFlight === 0;
  }

  /** Admits `item` now if the budget allows (no promise); false when {@link put} has to wait. */
  tryPut(item: T): boolean {
    if (this.mustWait(item)) return false;
    this.admit(item);
    return true;
  }

  async put(item: T, signal: AbortSignal): Promise<void> {
    while (this.mustWait(item)) {
      if (signal.aborted) throw signal.reason;
      const space = (this.space ??= deferred());
      if (signal === this.stop) {
        await space.promise;
        continue;
      }
      const onAbort = () => this.wakePutters();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        await space.promise;
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    }
    this.admit(item);
  }

  /** The next queued item, or undefined when none is queued right now (then use {@link take}). */
  poll(): T | undefined {
    return this.items.shift();
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
    this.wakePutters();
  }

  /** No more puts; `take` drains what is queued then yields undefined. */
  close(): void {
    this.closed = true;
    this.stop?.removeEventListener('abort', this.wakePutters);
    this.wakePutters();
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

  private mustWait(item: T): boolean {
    return !this.closed && this.inFlight > 0 && this.inFlight + item.size > this.budget;
  }

  private admit(item: T): void {
    if (this.closed) throw new Error('queue closed');
    this.inFlight += item.size;
    const taker = this.waitingTake;
    if (taker) {
      this.waitingTake = undefined;
      taker(item);
    } else this.items.push(item);
  }
}

function deferred(): { promise: Promise<void>; wake: () => void } {
  let wake!: () => void;
  const promise = new Promise<void>((resolve) => (wake = resolve));
  return { promise, wake };
}
