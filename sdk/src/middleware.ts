import type { ConfigSchema } from './config-schema.js';
import type { ConnectorInit } from './context.js';
import type { StreamEvent } from './event.js';

/**
 * A running middleware: transforms events between the source and the sinks.
 *
 * `transform` may return fewer events (filtering: `[]` drops them all), more (fan-out) or
 * changed ones, in order. Throw `DataError` when an event is bad (the host isolates the bad
 * event by retrying one by one, then applies the job's error policy) and `ConnectionError`
 * when a remote transform service fails (retried with backoff).
 *
 * Concurrency: never called concurrently for one job, unless the middleware declares
 * {@link Middleware.concurrentBatches}. Cancellation: honour `signal`.
 * @public
 */
export interface Middleware {
  transform(events: StreamEvent[], signal: AbortSignal): Promise<StreamEvent[]>;
  /**
   * How many batches the host may have in `transform` at once. Default 1: one call at a time.
   * With 2, the host calls `transform` for the next batch while this one is still running, so
   * work the middleware does in another thread or process overlaps with the host's own. Calls
   * still start in batch order and their results are used in that order; a middleware declaring
   * this must keep any effect that depends on order in call order itself (e.g. a FIFO queue to
   * its worker). When the job has several middlewares, the smallest value applies. The retries
   * the host makes to isolate a bad event may run while a later batch is already in `transform`.
   */
  readonly concurrentBatches?: number;
  /** Releases resources. Idempotent. */
  close?(): Promise<void>;
}

/** Declares a middleware for a provider. `create` may compile scripts but must not do network I/O. @public */
export interface MiddlewareDefinition<H = unknown, O = Record<string, unknown>> {
  readonly provider: string;
  readonly optionsSchema?: ConfigSchema;
  readonly resourceLabel?: string;
  /**
   * True when every payload `transform` returns is valid in its encoding because the middleware
   * encoded it itself (a script's result), rather than bytes it received (an HTTP answer). The
   * host then skips its JSON validity scan of the middleware's JSON output (see
   * `SourceDefinition.validPayloads`).
   */
  readonly validPayloads?: boolean;
  create(init: ConnectorInit<H, O>): Middleware | Promise<Middleware>;
}
