import type { ConfigSchema } from './config-schema.js';
import type { ConnectorInit } from './context.js';
import type { StreamEvent } from './event.js';
import type { TransactionSupport } from './transactions.js';

/**
 * A running sink: writes events to one resource of a service.
 *
 * Lifecycle: `open` (optional) once → `write` repeatedly → `close` once.
 *
 * Ordering: events of one `write` call are in source order; calls are never concurrent, so
 * a sink that writes sequentially keeps order.
 *
 * Delivery: `write` resolves only once every event is durably accepted by the target. If even
 * one event was not written it must throw: `DataError` when the event itself is bad (the host
 * then isolates it and dead-letters it), `ConnectionError` when the target is failing (the host
 * retries the whole call with backoff). Hence a call may be replayed: writes should be
 * idempotent where the target allows (upserts, duplicate-key tolerant inserts).
 *
 * Cancellation: abort in-flight work when `signal` aborts and throw.
 * @public
 */
export interface Sink {
  open?(signal: AbortSignal): Promise<void>;
  write(events: StreamEvent[], signal: AbortSignal): Promise<void>;
  /** Flushes and releases resources. Idempotent. */
  close(): Promise<void>;
}

/**
 * Declares a sink for a provider. `create` must not do I/O.
 * @public
 */
export interface SinkDefinition<H = unknown, O = Record<string, unknown>> {
  readonly provider: string;
  readonly optionsSchema?: ConfigSchema;
  /** True when replaying a write cannot produce duplicates (upsert by key, …). */
  readonly idempotent?: boolean;
  /** Encodings the sink accepts; the host refuses a connector configured with another. */
  readonly encodings?: ReadonlyArray<'json' | 'bson' | 'avro'>;
  readonly resourceLabel?: string;
  /**
   * Present when this sink can write inside the transaction of a source of the same plugin, for
   * exactly-once jobs (see {@link TransactionSupport}). Its instances must then implement
   * `TransactionalSink`.
   */
  readonly transactions?: TransactionSupport<O>;
  create(init: ConnectorInit<H, O>): Sink | Promise<Sink>;
}
