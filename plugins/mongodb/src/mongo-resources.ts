import { NotFoundError, type ResourceInfo, type ResourceLister, type ResourcesDefinition, type SchemaVariant } from '@mstream/sdk';
import type { Document } from 'mongodb';
import { toMstreamError } from './mongo-errors.js';
import type { MongoHandle } from './mongo-service.js';
import { inferVariants } from './schema-inference.js';

/** Lists the collections of the service's database and infers their document shapes. */
class MongoResources implements ResourceLister {
  constructor(private readonly handle: MongoHandle) {}

  async list(signal: AbortSignal): Promise<ResourceInfo[]> {
    try {
      const infos = await this.handle.db.listCollections({}, { nameOnly: false, signal } as never).toArray();
      return infos
        .filter((info) => !info.name.startsWith('system.'))
        .map((info) => ({ name: info.name, resource_type: 'collection', details: info.type && info.type !== 'collection' ? { type: info.type } : undefined }))
        .map((info) => (info.details ? info : { name: info.name, resource_type: info.resource_type }))
        .sort((a, b) => a.name.localeCompare(b.name));
    } catch (error) {
      throw toMstreamError(error, 'mongodb: listing collections failed');
    }
  }

  async introspect(name: string, sampleSize: number, signal: AbortSignal): Promise<SchemaVariant[]> {
    let docs: Document[];
    try {
      const exists = await this.handle.db.listCollections({ name }, { nameOnly: true }).toArray();
      if (exists.length === 0) throw new NotFoundError(`collection "${name}" does not exist in database ${this.handle.dbName}`);
      const collection = this.handle.db.collection(name);
      try {
        docs = await collection.aggregate([{ $sample: { size: sampleSize } }], { signal } as never).toArray();
      } catch {
        // Servers without $sample (or views refusing it): the first documents are a fair fallback.
        docs = await collection.find({}, { limit: sampleSize, signal } as never).toArray();
      }
    } catch (error) {
      throw toMstreamError(error, `mongodb: sampling ${name} failed`);
    }
    return inferVariants(docs);
  }
}

export const mongoResources: ResourcesDefinition<MongoHandle> = {
  provider: 'mongodb',
  create: (handle) => new MongoResources(handle),
};
