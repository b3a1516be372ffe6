import type { ConfigSchema } from './config-schema.js';
import type { PluginContext } from './context.js';

/**
 * A service provider: how to connect to one kind of system (a Kafka cluster, a MongoDB
 * database, a folder of scripts). A `[[services]]` entry with `provider = "<provider>"` is
 * validated against `configSchema` and turned into a handle by `connect`.
 *
 * Lifecycle: the host calls `connect` lazily, the first time a job or an API call needs the
 * service, and shares the handle between every job that uses the service. `close` is called
 * once, when the service is deleted or the host stops.
 *
 * Concurrency: the handle is used by several jobs at once; it must be safe for that.
 * @public
 */
export interface ServiceDefinition<C = Record<string, unknown>, H = unknown> {
  /** Provider name used in config (`provider = "kafka"`). Unique across all plugins. */
  readonly provider: string;
  /** Human name for the dashboard. */
  readonly displayName?: string;
  /** One line saying what the service connects to. */
  readonly description?: string;
  /**
   * Schema of the service's keys, excluding `provider` and `name` which the host owns. Mark
   * credentials with `x-secret: true`.
   */
  readonly configSchema: ConfigSchema;
  /**
   * Creates the shared handle. May do I/O but should not block long: throw `ConnectionError`
   * when the system is unreachable so the host can retry.
   */
  connect(config: C, context: PluginContext): Promise<H> | H;
  /** Checks the service is reachable; throws `ConnectionError` when not. Must honour `signal`. */
  check?(handle: H, signal: AbortSignal): Promise<void>;
  /**
   * Names the transactional system a service with this config reaches (Kafka: its cluster, from
   * `bootstrap.servers`). Exactly-once jobs need the same scope for the services of their source
   * and of every sink: one transaction cannot span two systems. No I/O. Absent: the provider's
   * connectors take part in no transaction.
   */
  transactionScope?(config: C): string;
  /** Releases the handle. Must be idempotent. */
  close?(handle: H): Promise<void>;
}
