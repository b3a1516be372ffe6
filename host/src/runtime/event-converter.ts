import { DataError, type Encoding, type StreamEvent } from '@mstream/sdk';
import type { HostCodecs } from '../codecs/host-codecs.js';
import type { ResolvedSchema } from '../codecs/schema-types.js';
import { stringifyFlat } from '../codecs/flat-json.js';
import { assertJson } from '../codecs/json-check.js';

/**
 * Converts events between encodings for one job, validating against the step's schema. Same
 * encoding and no schema is a pass-through of the bytes, the common fast path; for JSON the
 * caller may ask for a validity scan on that path (`checkJson`), so bytes from a source that
 * never parsed them cannot reach a sink as broken JSON. Decoded values are cached per payload
 * so several sinks do not decode the same bytes again.
 */
export class EventConverter {
  private readonly decoded = new WeakMap<Uint8Array, unknown>();

  constructor(
    private readonly codecs: HostCodecs,
    private readonly schemas: Map<string, ResolvedSchema>,
  ) {}

  convert(event: StreamEvent, target: Encoding, schemaId?: string, checkJson = false): StreamEvent {
    const schema = schemaId ? this.schema(schemaId) : undefined;
    if (!schema && event.encoding === target) {
      // An empty delete is a Kafka tombstone: no payload to check, and sinks expect it empty.
      if (checkJson && target === 'json' && !(event.operation === 'delete' && event.payload.byteLength === 0)) assertJson(event.payload);
      return event;
    }
    const value = this.decode(event);
    // JSON Schema describes the JSON form: BSON values (Date, ObjectId, Decimal128…) are checked as their flat JSON.
    if (schema?.validate && !schema.validate(hasTypedValues(value) ? JSON.parse(stringifyFlat(value)) : value)) {
      const problems = (schema.validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
      throw new DataError(`document does not match JSON Schema "${schema.id}": ${problems.join('; ')}`, { details: { problems } });
    }
    if (event.encoding === target && (!schema || (schema.encoding === 'json' && !schema.wire))) {
      return schemaId === event.schemaId ? event : { ...event, schemaId };
    }
    const payload = this.codecs.encode(value, target, schema?.avro || schema?.wire ? schema : undefined);
    // Avro projects and types the value (logical types, dropped fields): later stages must see what the bytes say.
    if (target !== 'avro') this.decoded.set(payload, value);
    return { ...event, payload, encoding: target, schemaId: schemaId ?? (target === event.encoding ? event.schemaId : undefined) };
  }

  /** The decoded value of an event, using the schema the event says it carries (for avro). */
  decode(event: StreamEvent): unknown {
    if (this.decoded.has(event.payload)) return this.decoded.get(event.payload);
    const schema = event.schemaId ? this.schemas.get(event.schemaId) : undefined;
    const value = this.codecs.decode(event.payload, event.encoding, schema);
    this.decoded.set(event.payload, value);
    return value;
  }

  private schema(id: string): ResolvedSchema {
    const schema = this.schemas.get(id);
    if (!schema) throw new DataError(`schema "${id}" is not declared in this job`);
    return schema;
  }
}

/** True when a decoded value holds anything JSON.stringify would not write as-is (BSON types, Dates, bigints). */
function hasTypedValues(value: unknown, depth = 0): boolean {
  if (typeof value === 'bigint') return true;
  if (value === null || typeof value !== 'object' || depth > 64) return false;
  if (value instanceof Date || (value as { _bsontype?: unknown })._bsontype !== undefined) return true;
  if (Array.isArray(value)) return value.some((v) => hasTypedValues(v, depth + 1));
  for (const key in value) if (hasTypedValues((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}
