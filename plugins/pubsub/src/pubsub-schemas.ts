import { NotFoundError, UnsupportedOperationError, type SchemaEntry, type SchemaInput, type SchemaStore, type SchemaSummary, type SchemasDefinition } from '@mstream/sdk';
import { toMstreamError } from './pubsub-errors.js';
import type { PubSubHandle } from './pubsub-service.js';
import { fullName, shortName } from './resource-names.js';
import { raceSignal } from './signals.js';

/** A schema as the Pub/Sub API returns it (the fields we use). */
interface RemoteSchema {
  name?: string | null;
  type?: string | number | null;
  definition?: string | null;
  revisionCreateTime?: { seconds?: unknown; nanos?: number | null } | null;
}

function isAvro(schema: RemoteSchema): boolean {
  return schema.type === 'AVRO' || schema.type === 2;
}

function timestamp(time: RemoteSchema['revisionCreateTime']): string | undefined {
  if (!time?.seconds) return undefined;
  // seconds may be a string, a number or a protobuf Long; String() handles all three.
  return new Date(Number(String(time.seconds)) * 1000 + Math.floor((time.nanos ?? 0) / 1e6)).toISOString();
}

/**
 * The project's Pub/Sub schema registry as an mstream schema store. Only Avro maps to an mstream
 * encoding: Protocol Buffer schemas are left out of listings and refused by `get` (the SDK has no
 * protobuf encoding), and a JSON Schema cannot be stored since Pub/Sub has no such type. Pub/Sub
 * never overwrites: saving an existing id is a `ConflictError` (delete it first, or pick a new id).
 */
class PubSubSchemaStore implements SchemaStore {
  constructor(private readonly handle: PubSubHandle) {}

  private get parent(): string {
    return `projects/${this.handle.projectId}`;
  }

  async list(signal: AbortSignal): Promise<SchemaSummary[]> {
    const client = await this.handle.schemaClient();
    try {
      const [schemas] = await raceSignal(client.listSchemas({ parent: this.parent, view: 'BASIC' }), signal, 'pubsub: list schemas');
      return (schemas as RemoteSchema[])
        .filter(isAvro)
        .map((schema) => ({ id: shortName(schema.name ?? ''), name: shortName(schema.name ?? ''), encoding: 'avro' as const }));
    } catch (error) {
      throw toMstreamError(error, `listing schemas of ${this.handle.projectId}`);
    }
  }

  async get(id: string, signal: AbortSignal): Promise<SchemaEntry> {
    const name = fullName(this.handle.projectId, 'schemas', id, 'id');
    const client = await this.handle.schemaClient();
    let schema: RemoteSchema;
    try {
      [schema] = await raceSignal(client.getSchema({ name, view: 'FULL' }), signal, 'pubsub: get schema');
    } catch (error) {
      throw toMstreamError(error, `schema ${id}`, { notFound: true });
    }
    if (!isAvro(schema)) throw new UnsupportedOperationError(`pubsub: schema ${id} is of type ${String(schema.type)}; only AVRO schemas map to an mstream encoding`);
    return this.entry(schema);
  }

  async save(input: SchemaInput, signal: AbortSignal): Promise<SchemaEntry> {
    if (input.encoding !== 'avro') {
      throw new UnsupportedOperationError(`pubsub: Pub/Sub schemas are AVRO or PROTOCOL_BUFFER; a ${input.encoding} schema cannot be stored (keep JSON Schemas in another schema store)`);
    }
    const id = shortName(fullName(this.handle.projectId, 'schemas', input.id ?? input.name, 'id'));
    const client = await this.handle.schemaClient();
    try {
      const [schema] = await raceSignal(
        client.createSchema({ parent: this.parent, schemaId: id, schema: { type: 'AVRO', definition: input.definition } }),
        signal,
        'pubsub: create schema',
      );
      return { ...this.entry(schema), name: input.name };
    } catch (error) {
      throw toMstreamError(error, `creating schema ${id}`, { conflict: true, invalidIsBadRequest: true });
    }
  }

  async delete(id: string, signal: AbortSignal): Promise<void> {
    const name = fullName(this.handle.projectId, 'schemas', id, 'id');
    const client = await this.handle.schemaClient();
    try {
      await raceSignal(client.deleteSchema({ name }), signal, 'pubsub: delete schema');
    } catch (error) {
      throw toMstreamError(error, `deleting schema ${id}`, { notFound: true });
    }
  }

  private entry(schema: RemoteSchema): SchemaEntry {
    const id = shortName(schema.name ?? '');
    if (!id) throw new NotFoundError('pubsub: the server returned a schema without a name');
    const created = timestamp(schema.revisionCreateTime);
    return { id, name: id, encoding: 'avro', definition: schema.definition ?? '', ...(created ? { created_at: created, updated_at: created } : {}) };
  }
}

/** Schema store for `pubsub` services: the project's Pub/Sub schema registry. */
export const pubsubSchemas: SchemasDefinition<PubSubHandle> = {
  provider: 'pubsub',
  create: (handle) => new PubSubSchemaStore(handle),
};
