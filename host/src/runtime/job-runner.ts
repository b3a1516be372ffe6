import {
  isMstreamError,
  isTransactionalSink,
  isTransactionalSource,
  MstreamError,
  type Logger,
  type StreamEvent,
  type Transaction,
  type TransactionalSource,
} from '@mstream/sdk';
import type { ConnectorConfig } from '../config/config-types.js';
import type { DeadLetter } from '../stores/store-types.js';
import { BatchProcessor, IsolateInTransactions, tag } from './batch-processor.js';
import { backoffDelay, isRetriable, retryAfter, sleep, type RetrySettings } from './backoff.js';
import type { Checkpointer } from './checkpointer.js';
import { fromDeadLetter } from './error-policy.js';
import { EventLoopTurns } from './event-loop-turns.js';
import { InFlightQueue } from './in-flight-queue.js';
import type { JobMetrics } from './job-metrics.js';
import type { BuiltPipeline } from './pipeline-builder.js';

/** `generation`: the rewind count when it was read; a batch read before a rewind is dropped (exactly-once). */
type BatchItem = { kind: 'batch'; size: number; events: StreamEvent[]; generation: number };
type WorkItem = BatchItem | { kind: 'redrive'; size: number; entry: DeadLetter; done: (error?: unknown) => void };

export interface RunnerEvents {
  /** A retriable error is being retried (the job keeps running). */
  onRetrying(stage: string, error: unknown, attempt: number): void;
  onRecovered(): void;
}

export interface RunnerSettings {
  batchSize: number;
  maxWaitMs: number;
  maxInFlight: number;
  retry: RetrySettings;
  /** How long a stop waits for in-flight batches to finish before aborting them. */
  stopGraceMs: number;
  /** `delivery = "exactly_once"`: every batch in one transaction of the source (see runtime.md). */
  exactlyOnce?: boolean;
}

interface Pause {
  parked: Deferred;
  resume: Deferred;
}

/**
 * Runs one job: a reader fills batches from the source into a bounded queue, a writer pushes each
 * batch through middleware and sinks and then acknowledges its positions, in order. Positions are
 * acknowledged (and checkpointed) only after every sink confirmed, so a crash replays, never loses.
 */
export class JobRunner {
  private readonly readerAbort = new AbortController();
  private readonly hardAbort = new AbortController();
  private readonly queue: InFlightQueue<WorkItem>;
  private readonly processor: BatchProcessor;
  private writerDone?: Promise<void>;
  private stopping = false;
  private closed = false;
  /** Exactly-once: the source, which begins, commits and aborts the transactions. */
  private txSource?: TransactionalSource;
  /** Exactly-once: bumped by every rewind; batches read before it are dropped (they come again). */
  private generation = 0;
  /** Exactly-once: the reader's current read, aborted when the writer rewinds the source. */
  private readCycle?: AbortController;
  /** Exactly-once: set while the writer rewinds the source; the reader parks until it is done. */
  private pause?: Pause;
  private readerDone?: Promise<void>;
  /** Exactly-once: transactions that failed in a row (backoff, `retry.max_attempts`). */
  private failures = 0;
  /** Exactly-once: events still to process one per transaction, to isolate an event a sink refused. */
  private isolating = 0;
  /** Isolations in a row without a multi-event commit between them: each doubles the span isolated. */
  private isolationRounds = 0;

  constructor(
    readonly connector: ConnectorConfig,
    private readonly pipeline: BuiltPipeline,
    processorFactory: (hooks: ConstructorParameters<typeof BatchProcessor>[4]) => BatchProcessor,
    private readonly checkpointer: Checkpointer,
    readonly metrics: JobMetrics,
    private readonly settings: RunnerSettings,
    private readonly events: RunnerEvents,
    private readonly logger: Logger,
  ) {
    this.queue = new InFlightQueue(settings.maxInFlight, this.readerAbort.signal);
    metrics.maxInFlight = settings.maxInFlight;
    metrics.inFlight = () => this.queue.events;
    this.processor = processorFactory({
      onRetry: (stage, error, attempt, delay) => {
        this.metrics.retries++;
        this.logger.warn({ stage, attempt, delay_ms: delay, err: (error as Error).message }, 'retrying after a retriable error');
        this.events.onRetrying(stage, error, attempt);
      },
      onRecover: () => this.events.onRecovered(),
    });
  }

  /** Opens the source at the checkpoint and runs until stopped (resolves) or failed (rejects). */
  async run(): Promise<void> {
    const signal = this.hardAbort.signal;
    const position = await this.checkpointer.load();
    const { source } = this.pipeline;
    if (this.settings.exactlyOnce) this.txSource = this.transactionalSource();
    await this.retriedStep('source', 'source.open', () => source.instance.open(position, signal), signal);
    for (const sink of this.pipeline.sinks) {
      const open = sink.instance.open?.bind(sink.instance);
      if (open) await this.retriedStep(sink.stage, 'sink.open', () => open(signal), signal);
    }
    this.logger.info({ resumed: position !== undefined }, 'job started');
    this.writerDone = this.writeLoop();
    const reader = this.readLoop();
    this.readerDone = reader.then(() => undefined, () => undefined);
    // Whichever fails first fails the job; a clean stop ends both.
    await Promise.race([reader.then(() => this.writerDone), this.writerDone]);
    await reader;
  }

  /** Stops reading, lets in-flight batches finish (up to the grace period), then closes everything. */
  async stop(): Promise<void> {
    if (this.stopping) return this.close();
    this.stopping = true;
    this.readerAbort.abort(new Error('job stopping'));
    this.queue.close();
    const grace = sleep(this.settings.stopGraceMs, this.hardAbort.signal).then(() => 'timeout', () => 'aborted');
    const finished = await Promise.race([this.writerDone?.then(() => 'done', () => 'done') ?? Promise.resolve('done'), grace]);
    if (finished !== 'done') {
      this.logger.warn({ grace_ms: this.settings.stopGraceMs }, 'in-flight events did not finish in time; they will be re-delivered');
    }
    this.hardAbort.abort(new Error('job stopped'));
    this.queue.clear();
    await this.close();
  }

  /** Re-processes a dead letter from the stage where it failed. Resolves when it succeeded. */
  redrive(entry: DeadLetter): Promise<void> {
    return new Promise((resolve, reject) => {
      const item: WorkItem = { kind: 'redrive', size: 1, entry, done: (error) => (error ? reject(error) : resolve()) };
      this.queue.put(item, this.readerAbort.signal).catch(reject);
    });
  }

  private async readLoop(): Promise<void> {
    const signal = this.readerAbort.signal;
    const turns = new EventLoopTurns();
    try {
      while (!signal.aborted) {
        if (turns.due) await turns.yieldTurn();
        const pause = this.pause;
        if (pause) {
          // Exactly-once: the writer rewinds the source; no read may be pending meanwhile.
          pause.parked.resolve();
          await pause.resume.promise;
          continue;
        }
        if (!this.txSource) {
          const events = await this.readBatch(signal);
          if (events.length === 0) {
            await this.idleCheckpoint();
            continue;
          }
          const item: BatchItem = { kind: 'batch', size: events.length, events, generation: 0 };
          if (!this.queue.tryPut(item)) await this.queue.put(item, signal);
          continue;
        }
        const cycle = new AbortController();
        this.readCycle = cycle;
        const generation = this.generation;
        const cycleSignal = AbortSignal.any([signal, cycle.signal]);
        try {
          const events = await this.readBatch(cycleSignal);
          // Interrupted by a rewind: these events are delivered again after it.
          if (cycle.signal.aborted || events.length === 0) continue;
          await this.queue.put({ kind: 'batch', size: events.length, events, generation }, cycleSignal);
        } catch (error) {
          if (cycle.signal.aborted && !signal.aborted) continue;
          throw error;
        } finally {
          this.readCycle = undefined;
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      this.hardAbort.abort(error);
      this.queue.close();
      throw error;
    }
  }

  private async readBatch(signal: AbortSignal): Promise<StreamEvent[]> {
    const { batchSize } = this.settings;
    const started = Date.now();
    let first: StreamEvent[];
    try {
      first = await this.read(batchSize, signal, signal);
    } catch (error) {
      if (signal.aborted) return [];
      throw error;
    }
    // A busy source filled the batch at once: no deadline, no timer, no copy (the common case
    // under load, and every batch at size 1).
    if (first.length >= batchSize) return first;
    if (first.length === 0) {
      // A source that answers "nothing" instantly must not turn the reader into a busy loop.
      if (Date.now() - started < 5 && !signal.aborted) await sleep(20, signal).catch(() => undefined);
      return first;
    }
    return this.fillBatch(first, signal);
  }

  /** Reads more into a partial batch until it is full or `max_wait_ms` has passed since it began. */
  private async fillBatch(first: StreamEvent[], signal: AbortSignal): Promise<StreamEvent[]> {
    const { batchSize, maxWaitMs } = this.settings;
    const events = [...first];
    // One deadline for the whole batch, not a timer per read: a source may answer with a few
    // events many times before the batch is full.
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(maxWaitMs)]);
    while (events.length < batchSize && !deadline.aborted) {
      const more = await this.read(batchSize - events.length, deadline, signal).catch((error) =>
        signal.aborted || (error as Error)?.name === 'TimeoutError' ? [] : Promise.reject(error),
      );
      events.push(...more);
    }
    return events;
  }

  /** One source read with `readSignal`, retried like every step until `signal` aborts. */
  private async read(max: number, readSignal: AbortSignal, signal: AbortSignal): Promise<StreamEvent[]> {
    const source = this.pipeline.source.instance;
    try {
      return await source.read(max, readSignal);
    } catch (error) {
      return this.retryStep('source', 'source.read', error, () => source.read(max, readSignal), signal);
    }
  }

  /**
   * Takes work in order and writes it. Batches go through middlewares and sinks one at a time,
   * unless every middleware accepts several batches at once (`concurrentBatches`): then up to
   * that many are being prepared while the oldest is written, still written and acked in order.
   * A dead letter to re-drive waits until the batches ahead of it are written.
   */
  private async writeLoop(): Promise<void> {
    const signal = this.hardAbort.signal;
    const depth = this.batchesInFlight();
    const ahead: Array<{ item: BatchItem; prepared: Promise<StreamEvent[]> }> = [];
    /** A take() not consumed yet: it must not be dropped, or the item it resolves with is lost. */
    let next: Promise<WorkItem | undefined> | undefined;
    let held: WorkItem | undefined;
    let drained = false;
    try {
      for (;;) {
        while (ahead.length < depth && !held && !drained) {
          // Work already queued is taken without a promise (the reader is usually ahead).
          const polled = next ? undefined : this.queue.poll();
          const pending = polled ? undefined : (next ??= this.queue.take());
          // With batches ahead, take more only while the oldest is still being prepared.
          const got = !pending
            ? { item: polled }
            : ahead.length === 0
              ? { item: await pending }
              : await Promise.race([pending.then((item) => ({ item })), ahead[0].prepared.then(() => undefined, () => undefined)]);
          if (!got) break;
          next = undefined;
          if (!got.item) drained = true;
          else if (got.item.kind === 'batch' && depth > 1) {
            const prepared = this.processor.prepare(got.item.events, signal);
            prepared.catch(() => undefined); // awaited in order below; failing early must not go unhandled
            ahead.push({ item: got.item, prepared });
          } else held = got.item;
        }
        const head = ahead.shift();
        if (head) {
          try {
            await this.processor.deliver(await head.prepared, signal);
            await this.afterWrite(head.item.events, signal);
          } finally {
            this.queue.release(head.item.size);
          }
        } else if (held) {
          const item = held;
          held = undefined;
          try {
            await this.runItem(item, signal);
          } finally {
            this.queue.release(item.size);
          }
        } else if (drained) return;
      }
    } catch (error) {
      for (const { item } of ahead.splice(0)) this.queue.release(item.size);
      if (held) this.queue.release(held.size);
      this.readerAbort.abort(error);
      this.hardAbort.abort(error);
      this.queue.close();
      throw error;
    }
  }

  /** The smallest `concurrentBatches` of the job's middlewares (at most 4); 1 without middleware or exactly-once. */
  private batchesInFlight(): number {
    if (this.settings.exactlyOnce) return 1;
    const declared = this.pipeline.middlewares.map((m) => Math.floor(m.instance.concurrentBatches ?? 1));
    return declared.length === 0 ? 1 : Math.max(1, Math.min(4, ...declared));
  }

  private async runItem(item: WorkItem, signal: AbortSignal): Promise<void> {
    if (this.txSource) return item.kind === 'batch' ? this.transactBatch(item, signal) : this.transactRedrive(item, signal);
    if (item.kind === 'batch') {
      await this.processor.process(item.events, signal);
      await this.afterWrite(item.events, signal);
      return;
    }
    await this.processor.process([fromDeadLetter(item.entry)], signal, { stage: item.entry.stage, throwOnReject: true }).then(
      () => item.done(),
      (error) => item.done(error),
    );
  }

  /** Acks a written batch, counts it and offers its position for the next checkpoint. */
  private async afterWrite(events: StreamEvent[], signal: AbortSignal): Promise<void> {
    const positions = new Array<Uint8Array>(events.length);
    for (let i = 0; i < events.length; i++) positions[i] = events[i].position;
    const source = this.pipeline.source.instance;
    let checkpoint: Uint8Array | void;
    try {
      checkpoint = await source.ack(positions);
    } catch (error) {
      checkpoint = await this.retryStep('source', 'source.ack', error, () => source.ack(positions), signal);
    }
    this.recordProcessed(events);
    // Saved in the background (at most once per interval); a stop flushes the newest position.
    this.checkpointer.offer(checkpoint ?? positions[positions.length - 1]);
  }

  private recordProcessed(events: StreamEvent[]): void {
    let bytes = 0;
    let latest: number | undefined;
    for (const event of events) {
      bytes += event.payload.byteLength;
      if (event.sourceTimestamp !== undefined && (latest === undefined || event.sourceTimestamp > latest)) latest = event.sourceTimestamp;
    }
    this.metrics.recordProcessed(events.length, bytes, latest);
  }

  /** Exactly-once: the source and sinks must implement what their definitions declared. */
  private transactionalSource(): TransactionalSource {
    const { source, sinks } = this.pipeline;
    const missing = [
      ...(isTransactionalSource(source.instance) ? [] : [`${source.stage} (${source.provider}: beginTransaction/commitTransaction/abortTransaction)`]),
      ...sinks.filter((s) => !isTransactionalSink(s.instance)).map((s) => `${s.stage} (${s.provider}: writeInTransaction)`),
    ];
    if (missing.length > 0) {
      throw new MstreamError('MS_ERR_INTERNAL', `delivery "exactly_once": these steps declare transactions but do not implement them: ${missing.join(', ')}`);
    }
    return source.instance as TransactionalSource;
  }

  /**
   * Exactly-once: one transaction per batch (per event while isolating a refused one). A failed
   * transaction rewinds the source, so this batch and every one read after it are read again.
   */
  private async transactBatch(item: BatchItem, signal: AbortSignal): Promise<void> {
    const { events } = item;
    let next = 0;
    while (next < events.length && item.generation === this.generation) {
      const isolated = this.isolating > 0;
      const chunk = isolated ? [events[next]] : next === 0 ? events : events.slice(next);
      if (!(await this.transact(chunk, signal))) return;
      if (isolated) this.isolating--;
      else if (chunk.length > 1) this.isolationRounds = 0;
      next += chunk.length;
    }
  }

  /** Begins, processes and commits one transaction; false when it failed and the source was rewound. */
  private async transact(events: StreamEvent[], signal: AbortSignal): Promise<boolean> {
    const source = this.txSource!;
    if (this.failures > 0) await sleep(backoffDelay(this.failures - 1, this.settings.retry), signal);
    let transaction: Transaction | undefined;
    try {
      transaction = await this.sourceCall('source.beginTransaction', () => source.beginTransaction(signal));
      await this.processor.process(events, signal, { stage: 'source', transaction });
      const positions = events.map((e) => e.position);
      await this.sourceCall('source.commitTransaction', () => source.commitTransaction(transaction!, positions, signal));
    } catch (error) {
      await this.afterFailedTransaction(transaction, error, events.length, signal);
      return false;
    }
    if (this.failures > 0) {
      this.failures = 0;
      this.events.onRecovered();
    }
    this.recordProcessed(events);
    return true;
  }

  /**
   * A transaction failed: a retriable error (or a sink refusing several events as data) aborts
   * it and rewinds the source; anything else fails the job, leaving the transaction open for the
   * broker to abort (or the next start, which fences this producer).
   */
  private async afterFailedTransaction(transaction: Transaction | undefined, error: unknown, size: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw error;
    if (error instanceof IsolateInTransactions) {
      this.isolating = Math.min(1_000_000, size * 2 ** Math.min(this.isolationRounds, 10));
      this.isolationRounds++;
      this.logger.warn({ stage: error.stage, events: this.isolating, err: (error.error as Error)?.message }, 'a sink refused a batch as data: retrying its events one per transaction');
    } else {
      if (!isRetriable(error)) throw error;
      this.failures++;
      if (this.settings.retry.maxAttempts > 0 && this.failures >= this.settings.retry.maxAttempts) throw error;
      this.metrics.retries++;
      this.logger.warn({ stage: 'transaction', attempt: this.failures, err: (error as Error)?.message }, 'transaction aborted after a retriable error; the batch is read again');
      this.events.onRetrying('transaction', error, this.failures);
    }
    await this.rewind(transaction, signal);
  }

  /** Exactly-once: a dead letter re-driven in its own transaction (no source positions). */
  private async transactRedrive(item: Extract<WorkItem, { kind: 'redrive' }>, signal: AbortSignal): Promise<void> {
    const source = this.txSource!;
    let transaction: Transaction | undefined;
    try {
      transaction = await this.sourceCall('source.beginTransaction', () => source.beginTransaction(signal));
      await this.processor.process([fromDeadLetter(item.entry)], signal, { stage: item.entry.stage, throwOnReject: true, transaction });
      await this.sourceCall('source.commitTransaction', () => source.commitTransaction(transaction!, [], signal));
    } catch (error) {
      item.done(error);
      if (signal.aborted) throw error;
      const dataError = isMstreamError(error) && error.code === 'MS_ERR_DATA';
      if (!dataError && !isRetriable(error)) throw error;
      await this.rewind(transaction, signal);
      return;
    }
    item.done();
  }

  /**
   * Aborts the transaction and rewinds the source while the reader is parked (no read pending),
   * dropping every batch read so far: after it, the source delivers again everything after its
   * last committed transaction.
   */
  private async rewind(transaction: Transaction | undefined, signal: AbortSignal): Promise<void> {
    const pause: Pause = { parked: deferred(), resume: deferred() };
    this.pause = pause;
    this.generation++;
    this.readCycle?.abort(new Error('rewinding the source'));
    try {
      await Promise.race([pause.parked.promise, this.readerDone, aborted(signal)]);
      const source = this.txSource!;
      await this.retriedStep('source', 'source.abortTransaction', () => source.abortTransaction(transaction, signal), signal);
    } finally {
      if (this.pause === pause) this.pause = undefined;
      pause.resume.resolve();
    }
  }

  /** A source call inside a transaction, its errors named like retriedStep's (no retry here). */
  private sourceCall<T>(operation: string, task: () => Promise<T>): Promise<T> {
    const step = this.pipeline.source;
    return task().catch((error) => Promise.reject(error instanceof IsolateInTransactions ? error : tag(error, step, operation)));
  }

  private async idleCheckpoint(): Promise<void> {
    if (!this.queue.isIdle) return;
    const position = this.pipeline.source.instance.idlePosition?.();
    if (position) this.checkpointer.offer(position);
  }

  private async retriedStep<T>(stage: string, operation: string, task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    try {
      return await task();
    } catch (error) {
      return this.retryStep(stage, operation, error, task, signal);
    }
  }

  /**
   * A step whose first attempt failed with `error`: names the plugin and operation on its errors
   * and retries it with backoff. Batch steps make that first attempt inline (one call, one
   * await) and only come here, building the task, when it failed.
   */
  private retryStep<T>(stage: string, operation: string, error: unknown, task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    const step = stage === 'source' ? this.pipeline.source : this.pipeline.sinks.find((s) => s.stage === stage) ?? this.pipeline.source;
    const named = (e: unknown) => (signal.aborted && !isMstreamError(e) ? e : tag(e, step, operation));
    return retryAfter(named(error), () => task().catch((e) => Promise.reject(named(e))), this.settings.retry, signal, {
      onRetry: (e, attempt, delay) => {
        this.metrics.retries++;
        this.logger.warn({ stage, operation, attempt, delay_ms: delay, err: (e as Error).message }, 'retrying after a retriable error');
        this.events.onRetrying(stage, e, attempt);
      },
      onRecover: () => this.events.onRecovered(),
    });
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.checkpointer.flush();
    const { source, middlewares, sinks } = this.pipeline;
    const closeOne = async (name: string, fn?: () => Promise<void>) => {
      try {
        await fn?.();
      } catch (error) {
        this.logger.warn({ stage: name, err: (error as Error).message }, 'closing failed');
      }
    };
    await closeOne('source', () => source.instance.close());
    for (const m of middlewares) await closeOne(m.stage, m.instance.close?.bind(m.instance));
    for (const s of sinks) await closeOne(s.stage, () => s.instance.close());
  }

}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Rejects once `signal` aborts (never resolves). */
function aborted(signal: AbortSignal): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
