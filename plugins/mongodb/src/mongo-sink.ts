import { DataError, MstreamError, type Codecs, type Logger, type Sink, type SinkDefinition, type StreamEvent } from '@mstream/sdk';
import { BSON, type Document } from 'mongodb';
import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection } from 'mongodb';
import { valueAt, withDocumentId } from './document-id.js';
import { toMstreamError } from './mongo-errors.js';
import type { MongoHandle } from './mongo-service.js';
import { watchServerHealth } from './server-health.js';

/** Sink options as validated by the schema below. */
export interface MongoSinkOptions {
  apply_deletes: boolean;
  /** Dotted paths of the collection's shard key, added to the `_id` filter of replaces and deletes. */
  shard_key_fields: string[];
  /** Replace mode: insert documents that do not exist yet (else they are skipped). */
  upsert: boolean;
  /** Documents without `_id`: take it from this field (dotted path). */
  id_field?: string;
  /** Documents without `_id` (and no `id_field`): derive it from the event's source identity. */
  id_from_event: boolean;
}

const DUPLICATE_KEY = 11000;

/**
 * Writes events as documents. `insert` mode: one unordered `insertMany` per run of events; a
 * duplicate `_id` counts as already written, so a replayed batch is harmless. `replace` mode: one
 * ordered `bulkWrite` of `replaceOne({_id}, doc, {upsert})`. Delete events delete by `_id` when
 * `apply_deletes` is on and are skipped otherwise. A document without `_id` gets one a replay
 * reproduces (document-id.ts), so neither mode duplicates it.
 */
class MongoSink implements Sink {
  private closed = false;
  private skippedDeletes = 0;
  private skippedMissing = 0;

  constructor(
    private readonly collection: Collection<Document>,
    private readonly mode: 'insert' | 'replace',
    private readonly options: MongoSinkOptions,
    private readonly codecs: Codecs,
    private readonly logger: Logger,
    private readonly stopWatchingServer: () => void = () => undefined,
  ) {}

  async write(events: StreamEvent[], signal: AbortSignal): Promise<void> {
    if (this.closed) throw new MstreamError('MS_ERR_INTERNAL', 'mongodb: write called after close');
    // Decode everything first: a bad event fails the call before anything is written.
    const docs = events.map((event) => this.toDocument(event));
    signal.throwIfAborted();
    if (this.mode === 'replace') return this.replaceAll(events, docs);
    let run: Document[] = [];
    for (let i = 0; i < events.length; i++) {
      if (events[i].operation !== 'delete') {
        run.push(docs[i]);
        continue;
      }
      await this.insertRun(run);
      run = [];
      await this.deleteOne(docs[i]);
    }
    await this.insertRun(run);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopWatchingServer();
    if (this.skippedDeletes > 0) this.logger.debug({ skipped_deletes: this.skippedDeletes }, 'delete events skipped (apply_deletes is off)');
    if (this.skippedMissing > 0) this.logger.debug({ skipped_missing: this.skippedMissing }, 'replaces of documents that do not exist skipped (upsert is off)');
  }

  private toDocument(event: StreamEvent): Document {
    let value: unknown;
    if (event.encoding === 'bson') {
      try {
        // promoteValues: false keeps Int32/Double/Long exactly as they came.
        value = BSON.deserialize(event.payload, { promoteValues: false });
      } catch (error) {
        throw new DataError(`mongodb: payload is not a valid BSON document: ${(error as Error).message}`, { cause: error });
      }
    } else {
      value = this.codecs.decode(event.payload, event.encoding);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new DataError(`mongodb: only a document (object) can be written, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
    }
    const doc = withDocumentId(value as Document, event, { idField: this.options.id_field, fromEvent: this.options.id_from_event });
    if ((this.mode === 'replace' || event.operation === 'delete') && doc._id === undefined) {
      const why = event.operation === 'delete' ? 'deleted' : 'upserted in replace mode (and the event has no source identity to derive one from)';
      throw new DataError(`mongodb: a document without _id cannot be ${why}`);
    }
    if (this.mode === 'replace' && event.operation !== 'delete') {
      const missing = this.options.shard_key_fields.filter((path) => valueAt(doc, path) === undefined);
      if (missing.length) throw new DataError(`mongodb: the document lacks shard key field${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, needed to replace it in a sharded collection`);
    }
    return doc;
  }

  /**
   * `{_id}` plus the shard key fields the document has: a sharded cluster routes a replace or
   * delete by them (before MongoDB 7.1 an upsert needs the full shard key). A delete's payload is
   * often just `{_id}`; then `_id` alone is the filter, which deletes accept.
   */
  private filterFor(doc: Document): Document {
    const filter: Document = { _id: doc._id };
    for (const path of this.options.shard_key_fields) {
      const value = valueAt(doc, path);
      if (value !== undefined && path !== '_id') filter[path] = value;
    }
    return filter;
  }

  private async insertRun(docs: Document[]): Promise<void> {
    if (docs.length === 0) return;
    try {
      // The driver adds an ObjectId _id to documents without one; they are ours (freshly decoded).
      await this.collection.insertMany(docs, { ordered: false });
    } catch (error) {
      if (error instanceof MongoBulkWriteError && !error.writeConcernError) {
        const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
        const bad = errors.filter((e) => e.code !== DUPLICATE_KEY);
        if (bad.length === 0) return;
        // The host retries the batch event by event; duplicates then pass, the bad one is isolated.
        throw new DataError(`mongodb: ${bad.length} document(s) rejected by ${this.collection.collectionName}: ${bad[0].errmsg ?? 'write error'} (code ${bad[0].code})`, {
          cause: error,
          pluginCode: String(bad[0].code),
        });
      }
      if ((error as { code?: number }).code === DUPLICATE_KEY) return;
      throw toMstreamError(error, `mongodb: insertMany into ${this.collection.collectionName} failed`);
    }
  }

  private async deleteOne(doc: Document): Promise<void> {
    if (!this.options.apply_deletes) {
      this.skippedDeletes++;
      return;
    }
    try {
      await this.collection.deleteOne(this.filterFor(doc));
    } catch (error) {
      throw toMstreamError(error, `mongodb: delete from ${this.collection.collectionName} failed`);
    }
  }

  private async replaceAll(events: StreamEvent[], docs: Document[]): Promise<void> {
    const operations: AnyBulkWriteOperation<Document>[] = [];
    events.forEach((event, i) => {
      const doc = docs[i];
      if (event.operation !== 'delete') operations.push({ replaceOne: { filter: this.filterFor(doc), replacement: doc, upsert: this.options.upsert } });
      else if (this.options.apply_deletes) operations.push({ deleteOne: { filter: this.filterFor(doc) } });
      else this.skippedDeletes++;
    });
    if (operations.length === 0) return;
    try {
      const result = await this.collection.bulkWrite(operations, { ordered: true });
      if (!this.options.upsert) {
        const replaces = operations.filter((op) => 'replaceOne' in op).length;
        this.skippedMissing += replaces - result.matchedCount;
      }
    } catch (error) {
      if (error instanceof MongoBulkWriteError && !error.writeConcernError) {
        const first = (Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors])[0];
        throw new DataError(`mongodb: a document was rejected by ${this.collection.collectionName}: ${first?.errmsg ?? error.message} (code ${first?.code})`, {
          cause: error,
          pluginCode: String(first?.code),
        });
      }
      throw toMstreamError(error, `mongodb: bulkWrite into ${this.collection.collectionName} failed`);
    }
  }
}

/**
 * The `mongodb` sink. Declared idempotent: `replace` mode upserts by `_id`; `insert` mode treats a
 * duplicate `_id` as already written. Documents without `_id` get one from `id_field` or from the
 * event's source identity; only with `id_from_event = false` (or an event without an id, e.g. an
 * HTTP request without Idempotency-Key) do they get a fresh ObjectId, which a replay repeats.
 */
export const mongoSink: SinkDefinition<MongoHandle, MongoSinkOptions> = {
  provider: 'mongodb',
  idempotent: true,
  encodings: ['bson', 'json'],
  resourceLabel: 'collection',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      apply_deletes: {
        type: 'boolean',
        default: false,
        description: 'Delete by _id on events whose operation is "delete" (e.g. from a MongoDB change stream). Off: such events are skipped.',
      },
      shard_key_fields: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        default: [],
        'x-advanced': true,
        description: 'Sharded collections: the shard key fields (dotted paths), added to the _id filter of replaces and deletes so the cluster can route them. Replace mode refuses a document without them (dead letter).',
      },
      upsert: {
        type: 'boolean',
        default: true,
        'x-advanced': true,
        description: 'write_mode = "replace": insert documents that do not exist yet. Off: only documents already in the collection are replaced; the others are skipped.',
      },
      id_field: {
        type: 'string',
        minLength: 1,
        pattern: '^[^.$][^$]*$',
        description: 'Documents without _id: use this field\'s value (dotted path, e.g. "order.id") as _id, so a replay overwrites or skips the same document. A document with neither is a data error (dead letter).',
      },
      id_from_event: {
        type: 'boolean',
        default: true,
        'x-advanced': true,
        description: 'Documents without _id and without id_field: derive _id from the event\'s source identity (32 hex digits; e.g. Kafka topic/partition/offset), so a replay after a crash writes the same document instead of a second one. Off: MongoDB assigns a fresh ObjectId (a replay inserts it again).',
      },
    },
  },
  create({ service, resource, options, context }) {
    if (!resource || resource.startsWith('system.') || resource.includes('$')) {
      throw new MstreamError('MS_ERR_CONFIG_INVALID', `mongodb: "${resource}" is not a collection a sink can write to`);
    }
    return new MongoSink(service.db.collection(resource), service.writeMode, options, context.codecs, context.logger, watchServerHealth(service.client, context.health));
  },
};
