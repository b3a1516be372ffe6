import { randomUUID } from 'node:crypto';
import { MstreamError, NotFoundError, isMstreamError, type SchemaEntry, type SchemaInput, type SchemaStore, type SchemaSummary, type SchemasDefinition } from '@mstream/sdk';
import type { Collection, Document } from 'mongodb';
import { toMstreamError } from './mongo-errors.js';
import type { MongoHandle } from './mongo-service.js';

const ENCODINGS = new Set(['avro', 'json']);

/**
 * Schemas kept as documents `{_id: id, id, name, encoding, definition, created_at, updated_at}`
 * in the service's `schemas_collection` (the original's `[system.schemas].resource`).
 */
class MongoSchemaStore implements SchemaStore {
  constructor(private readonly collection: Collection<Document>) {}

  async list(signal: AbortSignal): Promise<SchemaSummary[]> {
    const docs = await this.run('listing schemas', () =>
      this.collection.find({}, { projection: { _id: 0, id: 1, name: 1, encoding: 1 }, sort: { name: 1 }, signal } as never).toArray(),
    );
    return docs.map((d) => ({ id: String(d.id), name: String(d.name), encoding: d.encoding }));
  }

  async get(id: string, signal: AbortSignal): Promise<SchemaEntry> {
    const doc = await this.run(`reading schema ${id}`, () => this.collection.findOne({ $or: [{ id }, { name: id }] }, { signal } as never));
    if (!doc) throw new NotFoundError(`schema "${id}" not found in ${this.collection.collectionName}`);
    return toEntry(doc);
  }

  async save(input: SchemaInput, signal: AbortSignal): Promise<SchemaEntry> {
    if (!ENCODINGS.has(input.encoding)) throw new MstreamError('MS_ERR_BAD_REQUEST', `schema encoding must be avro or json, got "${input.encoding}"`);
    const id = input.id || randomUUID();
    const now = new Date().toISOString();
    const fields = { id, name: input.name, encoding: input.encoding, definition: input.definition, updated_at: now };
    const doc = await this.run(`saving schema ${id}`, () =>
      this.collection.findOneAndUpdate({ _id: id as never }, { $set: fields, $setOnInsert: { created_at: now } }, { upsert: true, returnDocument: 'after', signal } as never),
    );
    return doc ? toEntry(doc) : { ...fields, created_at: now };
  }

  async delete(id: string, signal: AbortSignal): Promise<void> {
    const result = await this.run(`deleting schema ${id}`, () => this.collection.deleteOne({ id }, { signal } as never));
    if (result.deletedCount === 0) throw new NotFoundError(`schema "${id}" not found in ${this.collection.collectionName}`);
  }

  private async run<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isMstreamError(error)) throw error;
      throw toMstreamError(error, `mongodb: ${what} failed`);
    }
  }
}

function toEntry(doc: Document): SchemaEntry {
  return {
    id: String(doc.id ?? doc._id),
    name: String(doc.name),
    encoding: doc.encoding,
    definition: typeof doc.definition === 'string' ? doc.definition : JSON.stringify(doc.definition),
    created_at: doc.created_at,
    updated_at: doc.updated_at,
  };
}

export const mongoSchemas: SchemasDefinition<MongoHandle> = {
  provider: 'mongodb',
  // [system.schemas].resource wins, as in the original; the service key is the per-service fallback.
  create: (handle, _context, options) => new MongoSchemaStore(handle.db.collection(options?.resource ?? handle.schemasCollection)),
};
