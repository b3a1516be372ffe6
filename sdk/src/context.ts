import type { Logger } from './logger.js';
import type { Token } from './tokens.js';
import type { Codecs } from './codecs.js';
import type { Encoding } from './event.js';
import type { Delivery } from './transactions.js';

/**
 * What the host gives a plugin when it calls into it. Scoped to one plugin: `resolve` reads the
 * plugin's own child container.
 * @public
 */
export interface PluginContext {
  /** The id of the plugin being called. */
  readonly pluginId: string;
  /** A logger labelled with the plugin id (and the job, inside a connector). */
  readonly logger: Logger;
  /** Encoding helpers identical to the runtime's. */
  readonly codecs: Codecs;
  /** Looks up a host-provided dependency by token. Throws `MS_ERR_NOT_FOUND` if unknown. */
  resolve<T>(token: Token<T>): T;
}

/** Batching settings of the job, so a middleware can tell whether it runs in batch mode. @public */
export interface BatchSettings {
  /** Maximum events per batch (1 = no batching). */
  readonly size: number;
  /** Maximum time to wait for a batch to fill, in milliseconds. */
  readonly maxWaitMs: number;
  /**
   * The job's budget of events read but not yet confirmed by every sink. A push-based source
   * (Pub/Sub, Kafka) should not hold more than this many unacknowledged messages.
   */
  readonly maxInFlight: number;
}

/**
 * Context of one connector instance (a source, a middleware or a sink inside one job).
 * @public
 */
export interface ConnectorContext extends PluginContext {
  /** Name of the job this connector belongs to. */
  readonly jobName: string;
  /** The job's batching settings. */
  readonly batch: BatchSettings;
  /**
   * The job's delivery guarantee. With `exactly_once` the host calls the transactional methods
   * of the source and sinks instead of `ack` and `write` (see `TransactionalSource`).
   */
  readonly delivery: Delivery;
  /**
   * This host's identity that survives restarts: `MSTREAM_HOST_ID` when set, else an id kept in
   * the host's data folder. Name per-host resources that a restart must take over with it (e.g.
   * a Kafka `transactional.id`, so a restarted host fences its zombie).
   */
  readonly hostId: string;
  /**
   * Set on a source created for a dry run (only when its definition declares `dryRun`): read
   * without side effects — no commits, no acknowledgements, no membership shared with the job.
   * `ack` is never called. Absent for a job's normal run.
   */
  readonly dryRun?: boolean;
  /**
   * Tells the host about trouble the connector's client retries on its own (a broker or server
   * it cannot reach), which would otherwise not show: the job stays `running`, and `GET /jobs`
   * shows it retrying with `reason` until `recovered()`. The host always sets it; it is optional so
   * that contexts built elsewhere (tests, older hosts) stay valid.
   */
  readonly health?: ConnectorHealth;
}

/** See {@link ConnectorContext.health}. Both calls are cheap and idempotent. @public */
export interface ConnectorHealth {
  /** The client is retrying something by itself: `reason` says what and why (no secrets). */
  degraded(reason: string): void;
  /** The trouble reported by `degraded` is over. */
  recovered(): void;
}

/** What a factory receives to build a connector for one job. @public */
export interface ConnectorInit<H, O> {
  /** The handle returned by the service's `connect` (a client, a pool, a folder…). */
  readonly service: H;
  /** The resource named in the connector config: a topic, collection, script, path… */
  readonly resource: string;
  /** The connector's `options`, already validated against the definition's schema (defaults applied). */
  readonly options: O;
  /**
   * The encoding this step deals in. For a source: the step's `input_encoding` (what the bytes it
   * reads are; falls back to `output_encoding`) — byte-oriented sources (Kafka, Pub/Sub, HTTP)
   * stamp their events with it. For a middleware or sink: the step's `output_encoding`, i.e. the
   * encoding of the events it receives (sinks) or should emit (middleware).
   */
  readonly encoding: Encoding;
  /** Per-job context. */
  readonly context: ConnectorContext;
}
