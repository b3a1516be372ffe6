import { isMstreamError, isTransactionalSink, MstreamError, type Middleware, type Sink, type StreamEvent, type Transaction } from '@mstream/sdk';
import type { BuiltPipeline, BuiltStep } from './pipeline-builder.js';
import type { EventConverter } from './event-converter.js';
import type { ErrorPolicyHandler } from './error-policy.js';
import { retryAfter, type RetrySettings } from './backoff.js';
import { distinctIds } from './distinct-ids.js';
import { emitTap, type JobTaps } from './job-tap.js';

export interface RetryHooks {
  onRetry(stage: string, error: unknown, attempt: number, delayMs: number): void;
  onRecover(stage: string): void;
}

/** Where processing of a batch starts: 0 = source conversion, then each middleware, then sinks. */
export interface StartAt {
  stage: string;
  /** Re-drive: a failing event must fail the call, not become a new dead letter. */
  throwOnReject?: boolean;
  /**
   * Exactly-once: the sinks write inside this transaction (`writeInTransaction`), once each, never
   * retried inside it: any failure aborts the whole transaction (the runner retries the batch).
   */
  transaction?: Transaction;
}

/**
 * A transactional sink refused a write of several events as data: the transaction must be
 * aborted (part of the call may be in it), and the events processed again one per transaction so
 * that the bad one can be dead-lettered on its own.
 */
type Failure = { event: StreamEvent; error: unknown };

/** Where a job's batches start: the default of {@link BatchProcessor.process}, shared, not built per batch. */
const FROM_SOURCE: StartAt = { stage: 'source' };

export class IsolateInTransactions extends Error {
  constructor(readonly error: unknown, readonly stage: string, readonly count: number) {
    super(`${stage}: ${(error as Error)?.message ?? String(error)}; isolating the bad event, one event per transaction`, { cause: error });
    this.name = 'IsolateInTransactions';
  }
}

/**
 * Runs one batch through the job: source conversion → each middleware → every sink. Resolves
 * only when every sink confirmed every surviving event; events that cannot be processed go to
 * the error policy (dead letters by default). Retriable failures are retried here, per stage, so
 * a failing sink never makes an earlier sink write twice.
 */
export class BatchProcessor {
  constructor(
    private readonly pipeline: BuiltPipeline,
    private readonly converter: EventConverter,
    private readonly errors: ErrorPolicyHandler,
    private readonly retry: RetrySettings,
    private readonly hooks: RetryHooks,
    /** Live taps (GET /jobs/{name}/tap): each stage checks its listener list's length, nothing more, when nobody listens. */
    private readonly taps?: JobTaps,
  ) {}

  private throwOnReject = false;
  private transaction?: Transaction;
  /**
   * Per middleware: settles once the batch before has called that middleware (or skipped it).
   * Only used by {@link prepare} with `ordered`, when several batches are being prepared at once.
   */
  private readonly turns: Array<Promise<void>> = [];

  /**
   * Source conversion and every middleware, for a batch whose middlewares may run while earlier
   * batches are still in theirs (see `Middleware.concurrentBatches`): each middleware is still
   * called in batch order. Resolves with the events for {@link deliver}.
   */
  async prepare(events: StreamEvent[], signal: AbortSignal): Promise<StreamEvent[]> {
    const { source, middlewares } = this.pipeline;
    const turns = middlewares.map((_, i) => {
      const previous = this.turns[i] ?? Promise.resolve();
      let release!: () => void;
      this.turns[i] = new Promise<void>((resolve) => (release = resolve));
      return { previous, release };
    });
    try {
      const taps = this.taps;
      if (taps && taps.source.length !== 0) emitTap(taps.source, events);
      let current = await this.convertAll(events, source, 'source');
      for (let i = 0; i < middlewares.length; i++) {
        const middleware = middlewares[i];
        await turns[i].previous;
        if (current.length === 0) return [];
        // transform() calls the middleware before its first await: the next batch may go now.
        const transformed = this.transform(middleware, current, signal);
        turns[i].release();
        current = await this.convertAll(await transformed, middleware, 'middleware');
        if (taps && taps.middlewares[i].length !== 0) emitTap(taps.middlewares[i], current);
      }
      return current;
    } finally {
      for (const turn of turns) turn.release();
    }
  }

  /** Writes prepared events to every sink; resolves when all confirmed. */
  async deliver(events: StreamEvent[], signal: AbortSignal): Promise<void> {
    if (events.length === 0) return;
    const { sinks } = this.pipeline;
    if (sinks.length === 1) return this.writeToSink(sinks[0], 0, events, signal);
    await Promise.all(sinks.map((sink, i) => this.writeToSink(sink, i, events, signal)));
  }

  async process(events: StreamEvent[], signal: AbortSignal, startAt = FROM_SOURCE): Promise<void> {
    this.throwOnReject = startAt.throwOnReject ?? false;
    this.transaction = startAt.transaction;
    try {
      await this.run(events, signal, startAt);
    } finally {
      this.throwOnReject = false;
      this.transaction = undefined;
    }
  }

  private async run(events: StreamEvent[], signal: AbortSignal, startAt: StartAt): Promise<void> {
    let current = events;
    const { source, middlewares, sinks } = this.pipeline;
    const startIndex = stageIndex(startAt.stage, middlewares.length);
    const taps = this.taps;
    if (startIndex <= 0) {
      if (taps && taps.source.length !== 0) emitTap(taps.source, current);
      const converted = this.convertAll(current, source, 'source');
      current = converted instanceof Promise ? await converted : converted;
    }
    for (let i = Math.max(0, startIndex - 1); i < middlewares.length; i++) {
      if (current.length === 0) return;
      const middleware = middlewares[i];
      current = await this.transform(middleware, current, signal);
      current = await this.convertAll(current, middleware, 'middleware');
      if (taps && taps.middlewares[i].length !== 0) emitTap(taps.middlewares[i], current);
    }
    if (current.length === 0) return;
    const onlySink = startAt.stage.startsWith('sinks[') ? startAt.stage : undefined;
    // One sink (the common case): its write is the batch's only one, awaited as it is (in a
    // transaction too: it has ended when it settles), without Promise.all or allSettled.
    if (sinks.length === 1) {
      if (!onlySink || sinks[0].stage === onlySink) await this.writeToSink(sinks[0], 0, current, signal);
      return;
    }
    const writes = sinks.flatMap((sink, i) => (!onlySink || sink.stage === onlySink ? [this.writeToSink(sink, i, current, signal)] : []));
    if (!this.transaction) {
      await Promise.all(writes);
      return;
    }
    // In a transaction, every write must have ended before the transaction is aborted: a send
    // still in flight could otherwise land in the next transaction.
    const failed = (await Promise.allSettled(writes)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * Converts what a stage produced (`source`, `middleware`) or is about to write (`sink`) to the
   * step's encoding; JSON passed through unparsed is scanned when the step asks (`checkJson`).
   * Synchronous unless events failed (they go to the error policy first), so a batch that
   * passes through costs no promise. The source stage always returns a new array: the runner
   * keeps the batch it read for the ack, and no plugin is handed that one. After it, a stage
   * where nothing changed returns `events` itself.
   */
  private convertAll(events: StreamEvent[], step: BuiltStep<unknown>, kind: 'source' | 'middleware' | 'sink'): StreamEvent[] | Promise<StreamEvent[]> {
    /** From the first event that changed or failed on (from the start for the source): the results so far. */
    let out: StreamEvent[] | undefined = kind === 'source' ? [] : undefined;
    let failed: Failure[] | undefined;
    const { output_encoding: encoding, schema_id: schemaId } = step.step;
    for (let i = 0; i < events.length; i++) {
      const raw = events[i];
      // A source's avro bytes are described by the source step's schema.
      const event = kind === 'source' && raw.encoding === 'avro' && !raw.schemaId && schemaId ? { ...raw, schemaId } : raw;
      let converted: StreamEvent | undefined;
      try {
        converted = this.converter.convert(event, encoding, schemaId, step.checkJson);
      } catch (error) {
        if (!isDataError(error)) throw error;
        (failed ??= []).push({ event: raw, error });
      }
      if (converted === raw && out === undefined) continue;
      out ??= events.slice(0, i);
      if (converted) out.push(converted);
    }
    const ok = out ?? events;
    return failed ? this.reject(failed, step.stage).then(() => ok) : ok;
  }

  private async transform(step: BuiltStep<Middleware>, events: StreamEvent[], signal: AbortSignal) {
    try {
      return await this.transformOnce(step, events, signal);
    } catch (error) {
      if (!isDataError(error)) throw tag(error, step, 'middleware.transform');
      // Find the bad events by retrying one by one; the good ones carry on.
      const out: StreamEvent[] = [];
      const failed: Failure[] = [];
      for (const event of events) {
        try {
          out.push(...(events.length === 1 ? await Promise.reject(error) : await this.transformOnce(step, [event], signal)));
        } catch (single) {
          if (!isDataError(single)) throw tag(single, step, 'middleware.transform');
          failed.push({ event, error: single });
        }
      }
      await this.reject(failed, step.stage);
      return out;
    }
  }

  /** One transform call, retried on retriable errors; its output with distinct ids. */
  private async transformOnce(step: BuiltStep<Middleware>, batch: StreamEvent[], signal: AbortSignal): Promise<StreamEvent[]> {
    let out: StreamEvent[];
    try {
      out = await step.instance.transform(batch, signal);
    } catch (error) {
      out = await this.retryFailed(step, error, () => step.instance.transform(batch, signal), signal);
    }
    return distinctIds(out);
  }

  private async writeToSink(step: BuiltStep<Sink>, index: number, events: StreamEvent[], signal: AbortSignal): Promise<void> {
    let converted = this.convertAll(events, step, 'sink');
    if (converted instanceof Promise) converted = await converted;
    if (converted.length === 0) return;
    // Sinks write at the same time: each gets an array of its own, whatever another does with its.
    if (converted === events && this.pipeline.sinks.length > 1) converted = events.slice();
    const taps = this.taps;
    if (taps && taps.sinks[index].length !== 0) emitTap(taps.sinks[index], converted);
    if (this.transaction) return this.writeInTransaction(step, converted, this.transaction, signal);
    try {
      await this.writeOnce(step, converted, signal);
    } catch (error) {
      if (!isDataError(error)) throw tag(error, step, 'sink.write');
      const failed: Failure[] = [];
      if (converted.length === 1) failed.push({ event: converted[0], error });
      else for (const event of converted) {
        try {
          await this.writeOnce(step, [event], signal);
        } catch (single) {
          if (!isDataError(single)) throw tag(single, step, 'sink.write');
          failed.push({ event, error: single });
        }
      }
      await this.reject(failed, step.stage);
    }
  }

  /** One write call, retried on retriable errors. */
  private async writeOnce(step: BuiltStep<Sink>, batch: StreamEvent[], signal: AbortSignal): Promise<void> {
    try {
      await step.instance.write(batch, signal);
    } catch (error) {
      await this.retryFailed(step, error, () => step.instance.write(batch, signal), signal);
    }
  }

  /** One attempt, inside the transaction; see {@link StartAt.transaction}. */
  private async writeInTransaction(step: BuiltStep<Sink>, events: StreamEvent[], transaction: Transaction, signal: AbortSignal): Promise<void> {
    const sink = step.instance;
    if (!isTransactionalSink(sink)) {
      throw tag(new MstreamError('MS_ERR_INTERNAL', `${step.stage}: the ${step.provider} sink declares transactions but its instance has no writeInTransaction`), step, 'sink.writeInTransaction');
    }
    try {
      await sink.writeInTransaction(events, transaction, signal);
    } catch (error) {
      if (!isDataError(error)) throw tag(error, step, 'sink.writeInTransaction');
      // One event refused: it was not written; it is dead-lettered and its position committed with the batch.
      if (events.length === 1) return this.reject([{ event: events[0], error }], step.stage);
      throw new IsolateInTransactions(tag(error, step, 'sink.writeInTransaction'), step.stage, events.length);
    }
  }

  private async reject(failures: Failure[], stage: string): Promise<void> {
    if (this.throwOnReject && failures.length > 0) throw failures[0].error;
    await this.errors.reject(failures, stage);
  }

  /** After a first call failed with `error`: retries it with backoff (see retryAfter). */
  private retryFailed<T>(step: BuiltStep<unknown>, error: unknown, task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    return retryAfter(error, task, this.retry, signal, {
      onRetry: (error, attempt, delay) => this.hooks.onRetry(step.stage, error, attempt, delay),
      onRecover: () => this.hooks.onRecover(step.stage),
    });
  }
}

function isDataError(error: unknown): boolean {
  return isMstreamError(error) && error.code === 'MS_ERR_DATA';
}

const failedStages = new WeakMap<object, string>();

/** The stage (`middlewares[0]`, `sinks[1]`…) an error escaping the processor came from, when it was tagged. */
export function stageOfError(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? failedStages.get(error) : undefined;
}

/** Names the plugin and operation on an error escaping a stage; wraps foreign errors. */
export function tag(error: unknown, step: BuiltStep<unknown>, operation: string): unknown {
  if (isMstreamError(error)) {
    error.plugin ??= step.pluginId;
    error.operation ??= operation;
    if (!failedStages.has(error)) failedStages.set(error, step.stage);
    return error;
  }
  const wrapped = new MstreamError('MS_ERR_INTERNAL', `${step.stage} (${step.pluginId} ${operation}) failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  wrapped.plugin = step.pluginId;
  wrapped.operation = operation;
  failedStages.set(wrapped, step.stage);
  return wrapped;
}

function stageIndex(stage: string, middlewareCount: number): number {
  if (stage === 'source') return 0;
  const m = /^middlewares\[(\d+)\]$/.exec(stage);
  if (m) return Number(m[1]) + 1;
  return middlewareCount + 1;
}
