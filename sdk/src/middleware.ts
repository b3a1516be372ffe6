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
 * Concurrency: never called concurrently for one job. Cancellation: honour `signal`.
 * @public
 */
export interface Middleware {
  transform(events: StreamEvent[], signal: AbortSignal): Promise<StreamEvent[]>;
  /** Releases resources. Idempotent. */
  close?(): Promise<void>;
}

/** Declares a middleware for a provider. `create` may compile scripts but must not do network I/O. @public */
export interface MiddlewareDefinition<H = unknown, O = Record<string, unknown>> {
  readonly provider: string;
  readonly optionsSchema?: ConfigSchema;
  readonly resourceLabel?: string;
  create(init: ConnectorInit<H, O>): Middleware | Promise<Middleware>;
}
