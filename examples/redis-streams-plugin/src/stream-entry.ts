import { DataError, fromUtf8, utf8, type Encoding, type StreamEvent } from '@mstream/sdk';

/** Field names of an entry written by the sink. Entries written by others are read as JSON. */
export const FIELD = { payload: 'payload', encoding: 'encoding', key: 'key', attributePrefix: 'attr:' } as const;

const ENCODINGS = new Set(['json', 'bson', 'avro']);

/**
 * Builds an event from a stream entry. An entry with a `payload` field is one the sink wrote
 * (payload bytes as they were, plus `encoding`, `key`, `attr:*`); any other entry (e.g.
 * `XADD s * name bob`) becomes a JSON object of its fields, so streams fed by other tools work.
 */
export function entryToEvent(id: string, fields: Buffer[], fallback: Encoding): StreamEvent {
  const map = new Map<string, Buffer>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i].toString('utf8'), fields[i + 1]);
  const sourceTimestamp = Number(id.split('-')[0]);
  const position = utf8(id);
  const payload = map.get(FIELD.payload);
  if (!payload) {
    const doc = Object.fromEntries([...map].map(([k, v]) => [k, v.toString('utf8')]));
    return { position, operation: 'message', payload: utf8(JSON.stringify(doc)), encoding: 'json', attributes: {}, sourceTimestamp };
  }
  const encoding = map.get(FIELD.encoding)?.toString('utf8');
  const attributes: Record<string, string> = {};
  for (const [k, v] of map) if (k.startsWith(FIELD.attributePrefix)) attributes[k.slice(FIELD.attributePrefix.length)] = v.toString('utf8');
  const key = map.get(FIELD.key)?.toString('utf8');
  return {
    position,
    operation: 'message',
    payload: new Uint8Array(payload),
    encoding: encoding && ENCODINGS.has(encoding) ? (encoding as Encoding) : fallback,
    attributes,
    sourceTimestamp,
    ...(key === undefined ? {} : { key }),
  };
}

/** The XADD field/value list for an event; refuses a JSON event whose payload is not JSON. */
export function eventToFields(event: StreamEvent): Array<string | Buffer> {
  if (event.encoding === 'json') {
    try {
      JSON.parse(fromUtf8(event.payload));
    } catch (error) {
      throw new DataError(`payload is not valid JSON: ${(error as Error).message}`);
    }
  }
  const fields: Array<string | Buffer> = [FIELD.payload, Buffer.from(event.payload), FIELD.encoding, event.encoding];
  if (event.key !== undefined) fields.push(FIELD.key, typeof event.key === 'string' ? event.key : Buffer.from(event.key));
  for (const [name, value] of Object.entries(event.attributes)) fields.push(`${FIELD.attributePrefix}${name}`, value);
  return fields;
}

/** Reads back a position the source produced (a stream entry id). */
export function positionToId(position: Uint8Array): string {
  return fromUtf8(position);
}
