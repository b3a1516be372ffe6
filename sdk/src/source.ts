import type { ConfigSchema } from './config-schema.js';
import type { ConnectorInit } from './context.js';
import type { StreamEvent } from './event.js';
import type { TransactionSupport } from './transactions.js';

/**
 * A running source: reads events from one resource of a service.
 *
 * Lifecycle: `open` once → `read` repeatedly (with `ack` interleaved) → `close` once.
 *
 * Ordering: `read` returns events in source order; across calls too.
 *
 * Concurrency: the host never calls `read` concurrently with itself, but `ack` may run while a
 * `read` is pending. Nothing is called after `close` started.
 *
 * Delivery: at-least-once. A position is acknowledged only after every sink confirmed every
 * event up to it, and always in the order the events were read. A source must not lose an
 * unacknowledged event on restart: resuming from the last acknowledged position must deliver
 * everything after it.
 * @public
 */
export interface Source {
  /**
   * Connects and positions the reader. `position` is the value last checkpointed for this job
   * (as returned by `ack`, or the last acked event's position), or `undefined` for a fresh
   * start. Resume strictly AFTER that position. Throw `ConnectionError` to be retried.
   */
  open(position: Uint8Array | undefined, signal: AbortSignal): Promise<void>;
  /**
   * Returns between 1 and `max` events as soon as some are available, or `[]` when none came
   * within a short wait (the host then polls again). Must return promptly (with whatever it has,
   * possibly `[]`) once `signal` aborts: the host aborts to flush a partial batch or to stop.
   */
  read(max: number, signal: AbortSignal): Promise<StreamEvent[]>;
  /**
   * Acknowledges that every event with these positions was written by all sinks. Commit them
   * upstream (Kafka offsets, Pub/Sub acks). Returns the position to checkpoint for a restart —
   * when the source's resume state is richer than one event's position (e.g. every partition's
   * offset) — or nothing, in which case the host checkpoints the last position given.
   * Must be idempotent: the same positions may be acknowledged twice after a retry.
   */
  ack(positions: Uint8Array[]): Promise<Uint8Array | void>;
  /**
   * Optional: the position to checkpoint while idle, when nothing is in flight (e.g. a MongoDB
   * post-batch resume token), so a quiet source does not lose its place.
   */
  idlePosition?(): Uint8Array | undefined;
  /** Stops reading and releases resources. Unacknowledged events are re-delivered later. Idempotent. */
  close(): Promise<void>;
}

/**
 * How a source resumes:
 * - `none`: it does not (every open starts fresh, e.g. an HTTP listener).
 * - `exact`: it resumes right after the acknowledged position; no duplicates, no gaps.
 * - `at-least-once`: it may re-deliver some acknowledged events after a restart.
 * @public
 */
export type ResumeCapability = 'none' | 'exact' | 'at-least-once';

/**
 * Declares a source for a provider. `create` must not do I/O; `open` does.
 * @public
 */
export interface SourceDefinition<H = unknown, O = Record<string, unknown>> {
  /** The service provider this source reads from. */
  readonly provider: string;
  /** Schema of the connector's `options` table. */
  readonly optionsSchema?: ConfigSchema;
  /** How the source resumes (drives the acceptance kit's resume cases). */
  readonly resume: ResumeCapability;
  /** What the `resource` names (e.g. "topic", "collection"), for docs and forms. */
  readonly resourceLabel?: string;
  /**
   * True when two readers of the same job would each get every event (a change stream, a
   * cursor), unlike a consumer group or a subscription that shares the work. When several hosts
   * share a system store that offers leases, only the host holding the job's lease runs it; the
   * others stand by and take over, from the shared checkpoint, when the owner stops renewing.
   */
  readonly exclusive?: boolean;
  /**
   * True when several readers of one job share its input between them (a consumer group that
   * spreads partitions): a job may then set `tasks = N` to run N readers, each with its own
   * pipeline, in worker threads of one host. Positions a task checkpoints must stay safe to
   * resume from when another task checkpoints after it (e.g. the group's committed offsets win).
   */
  readonly tasks?: boolean;
  /**
   * Present when this source can run exactly-once jobs: it commits its positions in a transaction
   * together with the writes of sinks of the same plugin (see {@link TransactionSupport}). Its
   * instances must then implement `TransactionalSource`.
   */
  readonly transactions?: TransactionSupport<O>;
  /**
   * True when every payload is valid in its encoding because the source encoded it itself (e.g.
   * with `context.codecs`), rather than handing on bytes it received (a Kafka message, a Pub/Sub
   * message, an HTTP body). The host then skips its JSON validity scan on a `json` → `json`
   * source step, which would only cost time; a step's `validate_json = true` still asks for it.
   */
  readonly validPayloads?: boolean;
  /**
   * True when this source can be read for a dry run (`POST /jobs/dry-run`) without side effects:
   * created with `context.dryRun` set, it reads from where the job would start but commits,
   * acknowledges, deletes or claims nothing upstream (e.g. Kafka: a throwaway consumer group that
   * never commits; a generator: nothing to do). The host never calls `ack` in a dry run. Sources
   * without it are refused for dry runs.
   */
  readonly dryRun?: boolean;
  create(init: ConnectorInit<H, O>): Source | Promise<Source>;
}
