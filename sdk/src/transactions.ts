import type { Source } from './source.js';
import type { Sink } from './sink.js';
import type { StreamEvent } from './event.js';

/**
 * A job's delivery guarantee (its `delivery` key):
 * - `at_least_once` (default): a batch's positions are acknowledged to the source after every
 *   sink confirmed it; a crash replays, never loses.
 * - `exactly_once`: each batch's sink writes and the source's consumed positions are committed in
 *   one transaction of the system they share (see {@link TransactionSupport}); a crash replays
 *   nothing that was committed and nothing uncommitted becomes visible.
 * @public
 */
export type Delivery = 'at_least_once' | 'exactly_once';

/** The values of {@link Delivery}. @public */
export const DELIVERIES: readonly Delivery[] = ['at_least_once', 'exactly_once'];

/**
 * Declares that a source or a sink can take part in an exactly-once job. A plugin opts in with
 * three declarations, all checked without I/O when a job is validated:
 * - `ServiceDefinition.transactionScope`, naming the transactional system a service reaches;
 * - `SourceDefinition.transactions` on its source, and `SinkDefinition.transactions` on its sinks.
 *
 * The host accepts `delivery = "exactly_once"` only when the source and every sink come from the
 * same plugin, all of them declare `transactions`, none `refuse`s, and every one of their services
 * has the same `transactionScope`. Then, at run time, the source instance must implement
 * {@link TransactionalSource} and every sink {@link TransactionalSink}.
 * @public
 */
export interface TransactionSupport<O = Record<string, unknown>> {
  /**
   * Why a step with these options (defaults applied) on a service with this config cannot honour
   * exactly-once (e.g. an option that re-reads a window at every start), or `undefined` when it
   * can. No I/O. The host reports the reason at the step's path.
   */
  refuse?(options: O, service: Readonly<Record<string, unknown>>): string | undefined;
}

/**
 * One open transaction, begun by a {@link TransactionalSource} for one batch. `handle` belongs to
 * the plugin (e.g. the Kafka transaction its sinks produce through); the host only passes the
 * object from the source to the sinks of the same plugin and back.
 * @public
 */
export interface Transaction {
  readonly handle: unknown;
}

/**
 * A source that commits its consumed positions inside a transaction, together with the writes of
 * sinks of the same plugin. In an exactly-once job the host never calls `ack` and keeps no
 * checkpoint of its own: the committed transactions are the position.
 *
 * Per batch: `beginTransaction` → the sinks' `writeInTransaction` → `commitTransaction` with the
 * batch's positions. When anything fails (a sink, the commit, a middleware), the host calls
 * `abortTransaction` while no `read` is pending, drops every event read but not committed, and
 * reads again: the source must then re-deliver everything after its last committed transaction
 * (Kafka: seek each partition back to its committed offset).
 *
 * Called in this order only, one transaction at a time. An error that means another process has
 * taken over (a fenced producer) must be non-retriable, so the job stops instead of fighting.
 * @public
 */
export interface TransactionalSource extends Source {
  /** Starts the transaction of the next batch (or re-drive). Retriable errors are retried. */
  beginTransaction(signal: AbortSignal): Promise<Transaction>;
  /**
   * Adds these positions (possibly none: a dead-letter re-drive) to the transaction and commits
   * it: the sinks' writes and the consumed positions become visible at once, or not at all.
   * Must throw (retriably) instead of committing positions it no longer owns (e.g. partitions
   * reassigned since they were read).
   */
  commitTransaction(transaction: Transaction, positions: Uint8Array[], signal: AbortSignal): Promise<void>;
  /**
   * Aborts `transaction` (when given; `undefined` when beginning it failed) and rewinds: the next
   * `read` starts right after the last committed transaction. When the outcome of a failed commit
   * is unknown, find out (Kafka: re-initialise the producer, which completes or aborts it, then
   * read the committed offsets) before rewinding. Retriable errors are retried.
   */
  abortTransaction(transaction: Transaction | undefined, signal: AbortSignal): Promise<void>;
}

/**
 * A sink that writes inside a transaction begun by a source of the same plugin.
 * @public
 */
export interface TransactionalSink extends Sink {
  /**
   * Sends `events` as part of `transaction`; they become visible only when the source commits it.
   * Throw `DataError` for a call of one event that the target refuses (that event was then not
   * written: the host dead-letters it and commits the rest of the batch). Any other failure, or a
   * `DataError` for several events, makes the host abort the transaction; after a `DataError` it
   * processes the same events again one per transaction to isolate the bad one. Never retry a
   * write inside the transaction yourself: a retried write can be committed twice.
   */
  writeInTransaction(events: StreamEvent[], transaction: Transaction, signal: AbortSignal): Promise<void>;
}

/** True when a source instance implements {@link TransactionalSource}. @public */
export function isTransactionalSource(source: Source): source is TransactionalSource {
  const s = source as Partial<TransactionalSource>;
  return typeof s.beginTransaction === 'function' && typeof s.commitTransaction === 'function' && typeof s.abortTransaction === 'function';
}

/** True when a sink instance implements {@link TransactionalSink}. @public */
export function isTransactionalSink(sink: Sink): sink is TransactionalSink {
  return typeof (sink as Partial<TransactionalSink>).writeInTransaction === 'function';
}
