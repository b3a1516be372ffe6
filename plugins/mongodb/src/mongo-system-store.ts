import type { SystemCollection, SystemStoreDefinition } from '@mstream/sdk';
import type { Collection, Document } from 'mongodb';
import { toMstreamError } from './mongo-errors.js';
import type { MongoHandle } from './mongo-service.js';

/** Where a value's own `_id` field is kept, since `_id` holds the record key. */
const VALUE_ID = '__mstream_value_id';

/**
 * One collection of host state: the key is the document `_id`, the value's fields are the
 * document's other fields (so `list(where)` is a plain `find`). Callers get back exactly what
 * they put: `_id` is stripped on the way out and a value's own `_id` restored.
 */
class MongoSystemCollection implements SystemCollection {
  constructor(private readonly collection: Collection<Document>) {}

  async list(where: Record<string, string | number | boolean> = {}): Promise<Array<Record<string, unknown>>> {
    const docs = await this.run('list', () => this.collection.find(where).toArray());
    return docs.map(fromDocument);
  }

  async get(key: string): Promise<Record<string, unknown> | undefined> {
    const doc = await this.run('get', () => this.collection.findOne({ _id: key as never }));
    return doc ? fromDocument(doc) : undefined;
  }

  async put(key: string, value: Record<string, unknown>): Promise<void> {
    // replaceOne is atomic per document: nobody sees a half-written record.
    await this.run('put', () => this.collection.replaceOne({ _id: key as never }, toDocument(value), { upsert: true }));
  }

  async putMany(entries: Array<[key: string, value: Record<string, unknown>]>): Promise<void> {
    if (entries.length === 0) return;
    await this.run('putMany', () =>
      this.collection.bulkWrite(
        entries.map(([key, value]) => ({ replaceOne: { filter: { _id: key as never }, replacement: toDocument(value), upsert: true } })),
        { ordered: true },
      ),
    );
  }

  async delete(key: string): Promise<boolean> {
    const result = await this.run('delete', () => this.collection.deleteOne({ _id: key as never }));
    return result.deletedCount > 0;
  }

  async deleteWhere(where: Record<string, string | number | boolean>): Promise<number> {
    const result = await this.run('deleteWhere', () => this.collection.deleteMany(where));
    return result.deletedCount;
  }

  async tryLease(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = new Date();
    try {
      // Matches only a lease that is ours or expired; when the record exists but is someone
      // else's live lease, the upsert collides on _id, which means "not ours".
      const lease = await this.run('tryLease', () =>
        this.collection.findOneAndUpdate(
          { _id: key as never, $or: [{ owner }, { expires_at: { $lt: now } }] },
          { $set: { owner, expires_at: new Date(now.getTime() + ttlMs), renewed_at: now } },
          { upsert: true, returnDocument: 'after' },
        ),
      );
      return lease?.owner === owner;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async releaseLease(key: string, owner: string): Promise<void> {
    await this.run('releaseLease', () => this.collection.deleteOne({ _id: key as never, owner }));
  }

  private async run<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toMstreamError(error, `mongodb: system store ${this.collection.collectionName} ${operation} failed`);
    }
  }
}

function isDuplicateKey(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === 11000) return true;
  }
  return false;
}

function toDocument(value: Record<string, unknown>): Document {
  const { _id, ...rest } = value;
  return _id === undefined ? rest : { ...rest, [VALUE_ID]: _id };
}

function fromDocument(doc: Document): Record<string, unknown> {
  const { _id, [VALUE_ID]: own, ...rest } = doc;
  return own === undefined ? rest : { _id: own, ...rest };
}

export const mongoSystemStore: SystemStoreDefinition<MongoHandle> = {
  provider: 'mongodb',
  create: (handle, resource) => new MongoSystemCollection(handle.db.collection(resource)),
};
