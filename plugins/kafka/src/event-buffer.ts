/** One buffered item: the partition it came from travels with it so a revocation can drop it. */
export interface Buffered<T> {
  partition: number;
  item: T;
}

/**
 * The bounded FIFO between kafkajs's push model (eachBatch) and the host's pull model (read).
 * The producer side waits for room instead of dropping; items leave in arrival order, which keeps
 * each partition's order because kafkajs hands over one partition batch at a time.
 */
export class EventBuffer<T> {
  private items: Array<Buffered<T>> = [];
  private head = 0;
  private dataWaiters: Array<() => void> = [];
  private spaceWaiters: Array<() => void> = [];
  private closed = false;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.items.length - this.head;
  }

  get hasRoom(): boolean {
    return this.size < this.capacity;
  }

  /** Adds an item even past capacity: callers check `hasRoom` first and wait with `waitForRoom`. */
  push(partition: number, item: T): void {
    this.items.push({ partition, item });
    this.wake('data');
  }

  /** Removes and returns up to `max` items, oldest first. */
  take(max: number): T[] {
    const end = Math.min(this.items.length, this.head + max);
    const out: T[] = [];
    for (let i = this.head; i < end; i++) out.push(this.items[i].item);
    this.head = end;
    this.compact();
    if (out.length > 0) this.wake('space');
    return out;
  }

  /** Drops every buffered item of these partitions (revoked by a rebalance); returns how many. */
  drop(partitions: ReadonlySet<number>): number {
    const before = this.size;
    this.items = this.items.slice(this.head).filter((entry) => !partitions.has(entry.partition));
    this.head = 0;
    const dropped = before - this.size;
    if (dropped > 0) this.wake('space');
    return dropped;
  }

  /** Empties the buffer (the consumer is being rebuilt); waiters wake up. */
  clear(): void {
    this.items = [];
    this.head = 0;
    this.wake('space');
  }

  /** Resolves when an item is available, `ms` passed, or `signal` aborted. */
  waitForData(ms: number, signal: AbortSignal): Promise<void> {
    if (this.size > 0 || this.closed || signal.aborted) return Promise.resolve();
    return this.wait('data', ms, signal);
  }

  /** Resolves when there is room, `ms` passed, or `signal` aborted. */
  waitForRoom(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.hasRoom || this.closed || signal?.aborted) return Promise.resolve();
    return this.wait('space', ms, signal);
  }

  /** Wakes every waiter for good (the source is closing). */
  close(): void {
    this.closed = true;
    this.wake('data');
    this.wake('space');
  }

  private wait(kind: 'data' | 'space', ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const waiters = kind === 'data' ? this.dataWaiters : this.spaceWaiters;
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        const i = waiters.indexOf(done);
        if (i >= 0) waiters.splice(i, 1);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      waiters.push(done);
    });
  }

  private wake(kind: 'data' | 'space'): void {
    const waiters = kind === 'data' ? this.dataWaiters : this.spaceWaiters;
    if (waiters.length === 0) return;
    for (const waiter of [...waiters]) waiter();
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
