import type { PluginContext } from './context.js';

/** Schema languages a store can hold. @public */
export type SchemaEncoding = 'avro' | 'json';

/** A schema as stored. `definition` is the schema text. @public */
export interface SchemaEntry {
  id: string;
  name: string;
  encoding: SchemaEncoding;
  definition: string;
  created_at?: string;
  updated_at?: string;
  /**
   * The registry's immutable numeric id of exactly this definition (a Confluent-compatible
   * registry's global schema id), when the store has one. The host writes it into Confluent-framed
   * payloads (`wire_format = "confluent"`).
   */
  registry_id?: number;
  /** The version of the definition under its subject/name, when the store versions schemas. */
  version?: number;
}

/** What a caller saves; `id` is assigned by the store when omitted. @public */
export type SchemaInput = Omit<SchemaEntry, 'id' | 'created_at' | 'updated_at' | 'registry_id' | 'version'> & { id?: string };

/** Summary for listings. @public */
export type SchemaSummary = Pick<SchemaEntry, 'id' | 'name' | 'encoding'>;

/**
 * Keeps schemas on a service (a MongoDB collection, the Pub/Sub registry, a Confluent registry).
 * `get` and `delete` throw `NotFoundError` for an unknown id; `save` throws `ConflictError`
 * when the remote refuses to overwrite an existing name.
 * @public
 */
export interface SchemaStore {
  list(signal: AbortSignal): Promise<SchemaSummary[]>;
  get(id: string, signal: AbortSignal): Promise<SchemaEntry>;
  save(entry: SchemaInput, signal: AbortSignal): Promise<SchemaEntry>;
  delete(id: string, signal: AbortSignal): Promise<void>;
  /**
   * Optional, for stores with numeric registry ids: the definition registered under that id (the
   * WRITER schema of a Confluent-framed payload). Ids are immutable, so callers cache the answer.
   * Throws `NotFoundError` for an unknown id.
   */
  getById?(registryId: number, signal: AbortSignal): Promise<SchemaEntry>;
  /**
   * Optional: every registered version of `id`, oldest first, so a reader can resolve payloads
   * written with older versions without a lookup per event.
   */
  listVersions?(id: string, signal: AbortSignal): Promise<SchemaEntry[]>;
}

/** Registers a schema store for a provider's service handles. @public */
export interface SchemasDefinition<H = unknown> {
  readonly provider: string;
  /**
   * `options.resource` is the host's `[system.schemas].resource` when configured: where a store
   * that keeps schemas inside the service (e.g. a MongoDB collection) should keep them.
   */
  create(service: H, context: PluginContext, options?: { resource?: string }): SchemaStore;
}
