import type { Operation, StreamEvent } from '@mstream/sdk';
import { BSON, type Document, type Timestamp } from 'mongodb';
import { idToKey } from './document-key.js';
import { encodePosition, tokenText } from './position.js';
import { documentWithId, documentWithoutId, idOf, type DocumentField } from './raw-documents.js';

/** The parts of a change event this source reads (real MongoDB sends more; mongo-java-server less). */
export interface RawChange {
  _id: Document;
  operationType: string;
  /** Decoded, or `[bytes]` / `[null]` when the stream asked for raw documents. */
  fullDocument?: DocumentField;
  fullDocumentBeforeChange?: DocumentField;
  documentKey?: { _id: unknown };
  clusterTime?: Timestamp;
  wallTime?: Date;
  ns?: { db?: string; coll?: string };
}

/** Operation types that end a change stream (the collection or database is gone or renamed). */
export const TERMINAL_OPERATIONS = new Set(['drop', 'rename', 'dropDatabase', 'invalidate']);

const OPERATIONS: Record<string, Operation> = { insert: 'insert', update: 'update', replace: 'replace', delete: 'delete' };

/** Where the events come from, for the attributes when the server omits `ns` (mongo-java-server). */
export interface Namespace {
  database: string;
  collection: string;
}

/**
 * Maps one data change onto an event, or returns `undefined` for event types that carry no
 * document (DDL events such as `create`, `createIndexes`, `modify`, shown only with
 * `showExpandedEvents`). The payload is the full document; when there is none (a delete, or an
 * update whose document was deleted before the lookup) it is the pre-image when the server sent
 * one, else `{_id}` from `documentKey`, so a sink can always act on the `_id`.
 */
export function changeToEvent(change: RawChange, ns: Namespace): StreamEvent | undefined {
  const operation = OPERATIONS[change.operationType];
  if (!operation) return undefined;
  const id = change.documentKey?._id ?? idOf(change.fullDocument);
  const field = operation === 'delete' ? change.fullDocumentBeforeChange : change.fullDocument;
  // mongo-java-server answers a lookup of a deleted document with {} instead of null: a document
  // without _id falls back to {_id} too, unless no _id is known at all.
  const payload = documentWithId(field) ?? (id === undefined ? (documentWithoutId(field) ?? BSON.serialize({})) : BSON.serialize({ _id: id }));
  const database = change.ns?.db ?? ns.database;
  const collection = change.ns?.coll ?? ns.collection;
  // One literal per shape (no property added afterwards): this runs once per change event.
  const attributes: Record<string, string> = change.clusterTime
    ? { operation_type: change.operationType, database, collection, 'mongodb.cluster_time': `${change.clusterTime.t}.${change.clusterTime.i}` }
    : { operation_type: change.operationType, database, collection };
  const sourceTimestamp = change.wallTime instanceof Date ? change.wallTime.getTime() : change.clusterTime ? change.clusterTime.t * 1000 : undefined;
  return {
    position: encodePosition({ phase: 'stream', token: change._id }),
    id: `mongodb:${database}.${collection}/${tokenText(change._id)}`,
    operation,
    key: id === undefined ? undefined : idToKey(id),
    payload,
    encoding: 'bson',
    attributes,
    sourceTimestamp,
  };
}
