import { DataError, eventKey, type StreamEvent } from '@mstream/sdk';
import type { Document } from 'mongodb';

/** How the sink gives `_id` to a document that has none (sink options `id_field`, `id_from_event`). */
export interface DocumentIdRule {
  /** Dotted path of a field whose value becomes `_id`. */
  idField?: string;
  /** Else `_id` = the event's key ({@link eventKey}: 32 hex digits of its source identity). */
  fromEvent: boolean;
}

/**
 * Returns the document with an `_id` a replay reproduces, when it lacks one: the configured
 * field's value, else one derived from the event's source identity. Without either the document
 * stays as it is (MongoDB then assigns a fresh ObjectId, and a replay inserts it again).
 *
 * A delete never takes the event's identity: that names the delete record, not the document.
 */
export function withDocumentId(doc: Document, event: StreamEvent, rule: DocumentIdRule): Document {
  if (doc._id !== undefined) return doc;
  if (rule.idField !== undefined) {
    const value = valueAt(doc, rule.idField);
    if (value === undefined || value === null) {
      throw new DataError(`mongodb: the document has neither _id nor the id_field "${rule.idField}"`);
    }
    return { _id: value, ...doc };
  }
  if (!rule.fromEvent || event.operation === 'delete') return doc;
  const key = eventKey(event);
  return key === undefined ? doc : { _id: key, ...doc };
}

/** The value at a dotted path of a document, or undefined. */
export function valueAt(doc: Document, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Document)[part];
  }
  return value;
}
