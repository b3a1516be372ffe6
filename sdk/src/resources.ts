import type { PluginContext } from './context.js';

/** One resource of a service (a collection, topic, subscription, script…). @public */
export interface ResourceInfo {
  name: string;
  /** `collection`, `topic`, `subscription`, `script`, `file`, … */
  resource_type: string;
  /** Provider-specific facts safe to show (e.g. `{ partitions: 3 }`); never values or secrets. */
  details?: Record<string, unknown>;
}

/**
 * One document shape found by introspection, with a JSON Schema describing it. Never
 * contains any sampled value.
 * @public
 */
export interface SchemaVariant {
  share_percent: number;
  sample_count: number;
  schema: Record<string, unknown>;
}

/**
 * Lists and reads the resources of one service handle. All methods may do I/O and must throw
 * `NotFoundError` for an unknown resource and `UnsupportedOperationError` for what the provider
 * cannot do.
 * @public
 */
export interface ResourceLister {
  list(signal: AbortSignal): Promise<ResourceInfo[]>;
  /** Returns a resource's content (e.g. a UDF script body). */
  read?(name: string, signal: AbortSignal): Promise<string>;
  /** Creates or replaces a resource's content (e.g. a UDF script). */
  write?(name: string, content: string, signal: AbortSignal): Promise<void>;
  /** Samples a resource and groups documents by shape. `sampleSize` is already capped by the host. */
  introspect?(name: string, sampleSize: number, signal: AbortSignal): Promise<SchemaVariant[]>;
}

/** Registers a resource lister for a provider's service handles. @public */
export interface ResourcesDefinition<H = unknown> {
  readonly provider: string;
  create(service: H, context: PluginContext): ResourceLister;
}
