import type { Delivery, Encoding } from '@mstream/sdk';

/** A `[[services]]` entry: `provider` and `name` are the host's; every other key is the plugin's. */
export interface ServiceConfig {
  provider: string;
  name: string;
  [key: string]: unknown;
}

/** Where a job reads, transforms or writes: one `source`, `middlewares[]` or `sinks[]` entry. */
export interface StepConfig {
  service_name: string;
  resource: string;
  output_encoding: Encoding;
  /** Encoding of the bytes the source emits (required for byte-oriented sources such as Kafka). */
  input_encoding?: Encoding;
  schema_id?: string;
  /**
   * Source and middleware steps: check that JSON passed through as JSON is valid (default true);
   * false skips the scan for a trusted producer.
   */
  validate_json?: boolean;
  /** Provider-specific options, validated against the plugin's options schema. */
  options?: Record<string, unknown>;
}

/** A schema a job references by id: inline, from a file, or kept on a service's schema store. */
export interface JobSchemaConfig {
  id: string;
  encoding?: 'avro' | 'json';
  definition?: string | Record<string, unknown>;
  file?: string;
  service_name?: string;
  resource?: string;
}

export type ErrorPolicy = 'dead_letter' | 'skip' | 'fail';

/** A `[[connectors]]` entry: the definition of one job. */
export interface ConnectorConfig {
  name: string;
  enabled?: boolean;
  source: StepConfig;
  middlewares?: StepConfig[];
  sinks: StepConfig[];
  schemas?: JobSchemaConfig[];
  batch?: { kind?: 'count'; size: number; max_wait_ms?: number };
  checkpoint?: { enabled?: boolean; interval_ms?: number };
  /** What to do with an event that cannot be processed. Default `dead_letter`. */
  on_error?: ErrorPolicy;
  retry?: { initial_backoff_ms?: number; max_backoff_ms?: number; max_attempts?: number };
  /** Bound on events read but not yet written by every sink. */
  max_in_flight?: number;
  /** Default `at_least_once`; `exactly_once` runs each batch in a transaction (Kafka → Kafka). */
  delivery?: Delivery;
  /**
   * Readers of the job on this host, each in a worker thread with its own pipeline (sources whose
   * readers share the work, e.g. a Kafka consumer group). Default 1: no worker thread.
   */
  tasks?: number;
}

export type StartupState = 'force_from_file' | 'seed_from_file' | 'keep';

/** A `[system.*]` section pointing at a service (MongoDB-backed stores come with that plugin). */
export interface SystemStoreConfig {
  service_name?: string;
  resource?: string;
}

export interface SystemConfig {
  encryption_key_path?: string;
  /** New: how long a graceful shutdown (SIGTERM) may take before the host exits non-zero. */
  shutdown_timeout_ms?: number;
  job_lifecycle?: SystemStoreConfig & { startup_state?: StartupState };
  service_lifecycle?: SystemStoreConfig;
  checkpoints?: SystemStoreConfig;
  schemas?: SystemStoreConfig;
  test_suites?: SystemStoreConfig;
  /** Saved Transform Studio workspaces (the original's `[system.workspaces]`). */
  workspaces?: SystemStoreConfig;
  /** New: where dead letters live; defaults to the job_lifecycle service. */
  dead_letters?: SystemStoreConfig;
  /** New: job leases for hosts sharing the job store; defaults to the job_lifecycle service. */
  leases?: SystemStoreConfig & { ttl_ms?: number };
  logs?: { buffer_capacity?: number; stream_preload_count?: number };
  /** New: where `mstream plugins add/search` and `POST /plugins` find packages. */
  plugins?: { registry?: string };
}

export interface MstreamConfig {
  system: SystemConfig;
  services: ServiceConfig[];
  connectors: ConnectorConfig[];
}
