import { BSON, ObjectId } from 'mongodb';

const { EJSON } = BSON;

/**
 * Renders a document `_id` as an event key: strings as they are, ObjectIds as hex, numbers
 * (including the `Int32`/`Double`/`Long` wrappers the source keeps for lossless BSON) as
 * decimal text, anything else as relaxed EJSON, so equal ids always give equal keys.
 */
export function idToKey(id: unknown): string {
  if (typeof id === 'string') return id;
  if (id instanceof ObjectId) return id.toHexString();
  if (typeof id === 'number' || typeof id === 'bigint') return String(id);
  const bsontype = (id as { _bsontype?: string } | null)?._bsontype;
  if (bsontype === 'Int32' || bsontype === 'Double' || bsontype === 'Long') return String((id as { toString(): string }).toString());
  if (bsontype === 'ObjectId') return (id as ObjectId).toHexString();
  return EJSON.stringify(id as never, { relaxed: true });
}
