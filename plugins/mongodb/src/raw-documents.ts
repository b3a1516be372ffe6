import { BSON, type Document } from 'mongodb';

/**
 * Raw documents: the change stream asks the server to wrap `fullDocument` (and the pre-image) in
 * a one-element array, and the driver to hand out the elements of arrays with those names as
 * raw BSON (`fieldsAsRaw`, which js-bson applies to arrays only). The event payload is then the
 * server's own bytes, passed on without decoding and re-encoding them: cheaper, and exact (no
 * type or field-order drift), while the rest of the change event is decoded as usual.
 *
 * `$map` over `[1]` rather than an array literal: mongo-java-server takes `["$x"]` literally.
 * `$ifNull`: a missing field inside an array must become null (real MongoDB does that itself;
 * mongo-java-server cannot encode the missing value and drops the connection).
 */
export const RAW_FIELDS = ['fullDocument', 'fullDocumentBeforeChange'] as const;

/**
 * The user's pipeline with the raw-documents stage after it (before a final
 * `$changeStreamSplitLargeEvent`, which MongoDB 7+ requires to stay last). The stage leaves `_id`,
 * the resume token, alone.
 */
export function withRawDocumentsStage(pipeline: Document[], fields: readonly string[]): Document[] {
  const set: Document = {};
  for (const field of fields) set[field] = { $map: { input: [1], in: { $ifNull: [`$${field}`, null] } } };
  const stage = { $addFields: set };
  const last = pipeline[pipeline.length - 1];
  if (last && '$changeStreamSplitLargeEvent' in last) return [...pipeline.slice(0, -1), stage, last];
  return [...pipeline, stage];
}

/** The driver option that keeps those arrays' elements as bytes. */
export function rawFieldsOption(fields: readonly string[]): Record<string, boolean> {
  return Object.fromEntries(fields.map((field) => [field, true]));
}

/** A change-event document field, decoded (`Document`) or wrapped raw (`[bytes]` / `[null]`). */
export type DocumentField = Document | Uint8Array[] | [null] | null | undefined;

/** BSON bytes for `{...}` when it is a document with an `_id`, else undefined. */
export function documentWithId(field: DocumentField): Uint8Array | undefined {
  if (Array.isArray(field)) {
    const bytes = field[0];
    return bytes instanceof Uint8Array && rawHasId(bytes) ? bytes : undefined;
  }
  return field && '_id' in field ? BSON.serialize(field) : undefined;
}

/** The bytes of a field holding a document without `_id` (kept when no `_id` is known), or undefined. */
export function documentWithoutId(field: DocumentField): Uint8Array | undefined {
  if (Array.isArray(field)) return field[0] instanceof Uint8Array ? field[0] : undefined;
  return field ? BSON.serialize(field) : undefined;
}

/** The `_id` inside a document field, decoding only as much as needed. */
export function idOf(field: DocumentField): unknown {
  if (!Array.isArray(field)) return field?._id;
  const bytes = field[0];
  if (!(bytes instanceof Uint8Array) || !rawHasId(bytes)) return undefined;
  return BSON.deserialize(bytes, { promoteValues: false })._id;
}

/**
 * True when the raw document has a top-level `_id`. Stored documents start with `_id` (the server
 * moves it first), so the first element's name decides at once; anything else is decoded to look.
 */
function rawHasId(bytes: Uint8Array): boolean {
  if (bytes.length <= 5) return false; // {} — mongo-java-server's answer for a deleted document
  if (bytes[5] === 0x5f && bytes[6] === 0x69 && bytes[7] === 0x64 && bytes[8] === 0) return true;
  return '_id' in BSON.deserialize(bytes, { promoteValues: false });
}
