import { isMstreamError, type Logger, type StreamEvent } from '@mstream/sdk';
import type { ConnectorConfig } from '../config/config-types.js';
import type { DeadLetter } from '../stores/store-types.js';
import { BatchProcessor, tag } from './batch-processor.js';
import { sleep, withRetry, type RetrySettings } from './backoff.js';
import type { Checkpointer } from './checkpointer.js';
import { fromDeadLetter } from './error-policy.js';
import { EventLoopTurns } from './event-loop-turns.js';
import { InFlightQueue } from './in-flight-queue.js';
import type { JobMetrics } from './job-metrics.js';
import type { BuiltPipeline } from './pipeline-builder.js';

type BatchItem = { kind: 'batch'; size: number; events: StreamEvent[] };
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
    this.queue = new InFlightQueue(settings.maxInFlight);
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
    await this.retriedStep('source', 'source.open', () => source.instance.open(position, signal), signal);
    for (const sink of this.pipeline.sinks) {
      const open = sink.instance.open?.bind(sink.instance);
      if (open) await this.retriedStep(sink.stage, 'sink.open', () => open(signal), signal);
    }
    this.logger.info({ resumed: position !== undefined }, 'job started');
    this.writerDone = this.writeLoop();
    const reader = this.readLoop();
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
        await turns.maybeYield();
        const events = await this.readBatch(signal);
        if (events.length === 0) {
          await this.idleCheckpoint();
          continue;
        }
        await this.queue.put({ kind: 'batch', size: events.length, events }, signal);
      }
    } catch (error) {
      if (signal.aborted) return;
      this.hardAbort.abort(error);
      this.queue.close();
      throw error;
    }
  }

  private async readBatch(signal: AbortSignal): Promise<StreamEvent[]> {
    const { batchSize, maxWaitMs } = this.settings;
    const read = (max: number, s: AbortSignal) =>
      this.retriedStep('source', 'source.read', () => this.pipeline.source.instance.read(max, s), signal);
    const started = Date.now();
    const first = await read(batchSize, signal).catch((error) => (signal.aborted ? [] : Promise.reject(error)));
    if (first.length === 0) {
      // A source that answers "nothing" instantly must not turn the reader into a busy loop.
      if (Date.now() - started < 5 && !signal.aborted) await sleep(20, signal).catch(() => undefined);
      return first;
    }
    const events = [...first];
    const deadline = Date.now() + maxWaitMs;
    while (events.length < batchSize && !signal.aborted) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      const more = await read(batchSize - events.length, AbortSignal.any([signal, AbortSignal.timeout(remaining)])).catch((error) =>
        signal.aborted || (error as Error)?.name === 'TimeoutError' ? [] : Promise.reject(error),
      );
      events.push(...more);
    }
    return events;
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
          const pending = (next ??= this.queue.take());
          // With batches ahead, take more only while the oldest is still being prepared.
          const got = ahead.length === 0
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

  /** The smallest `concurrentBatches` of the job's middlewares (at most 4); 1 without middleware. */
  private batchesInFlight(): number {
    const declared = this.pipeline.middlewares.map((m) => Math.floor(m.instance.concurrentBatches ?? 1));
    return declared.length === 0 ? 1 : Math.max(1, Math.min(4, ...declared));
  }

  private async runItem(item: WorkItem, signal: AbortSignal): Promise<void> {
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
    const positions = events.map((e) => e.position);
    const checkpoint = await this.retriedStep('source', 'source.ack', () => this.pipeline.source.instance.ack(positions), signal);
    let bytes = 0;
    let latest: number | undefined;
    for (const event of events) {
      bytes += event.payload.byteLength;
      if (event.sourceTimestamp !== undefined && (latest === undefined || event.sourceTimestamp > latest)) latest = event.sourceTimestamp;
    }
    this.metrics.recordProcessed(events.length, bytes, latest);
    // Saved in the background (at most once per interval); a stop flushes the newest position.
    this.checkpointer.offer(checkpoint ?? positions[positions.length - 1]);
  }

  private async idleCheckpoint(): Promise<void> {
    if (!this.queue.isIdle) return;
    const position = this.pipeline.source.instance.idlePosition?.();
    if (position) this.checkpointer.offer(position);
  }

  private retriedStep<T>(stage: string, operation: string, task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    const step = stage === 'source' ? this.pipeline.source : this.pipeline.sinks.find((s) => s.stage === stage) ?? this.pipeline.source;
    return withRetry(
      () => task().catch((error) => Promise.reject(signal.aborted && !isMstreamError(error) ? error : tag(error, step, operation))),
      this.settings.retry,
      signal,
      {
        onRetry: (error, attempt, delay) => {
          this.metrics.retries++;
          this.logger.warn({ stage, operation, attempt, delay_ms: delay, err: (error as Error).message }, 'retrying after a retriable error');
          this.events.onRetrying(stage, error, attempt);
        },
        onRecover: () => this.events.onRecovered(),
      },
    );
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
