/**
 * A job whose source always has events and whose sinks finish without I/O (datagen at rate 0
 * into a sink that only counts) runs entirely in promise callbacks: nothing it awaits ever
 * waits for the event loop, so timers, the REST API, checkpoints and every other job starve.
 * The reader asks this between batches and gives the event loop a turn every few milliseconds
 * of continuous work; a job that waits on real I/O never needs it.
 */
export class EventLoopTurns {
  private last = performance.now();

  constructor(private readonly everyMs = 5) {}

  /**
   * Whether the job has held the event loop for `everyMs`: then {@link yieldTurn}. Synchronous,
   * so the reader's check between batches costs a clock read, not a promise.
   */
  get due(): boolean {
    return performance.now() - this.last >= this.everyMs;
  }

  /** Resolves after one event-loop turn. */
  async yieldTurn(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.last = performance.now();
  }
}
