import { DataError, type Encoding, type StreamEvent } from '@mstream/sdk';
import type { HostCodecs } from '../codecs/host-codecs.js';
import type { ResolvedSchema } from '../codecs/schema-types.js';
import { stringifyFlat } from '../codecs/flat-json.js';
import { assertJson } from '../codecs/json-check.js';
import { withPayload, withSchemaId } from './derive-event.js';
import { PayloadMemo } from './payload-memo.js';

/**
 * What the converter knows of one payload: its decoded value, and the flat JSON form a JSON
 * Schema checks. JSON bytes made from an avro event by the JSON-form path carry that event
 * instead of a value: the typed value (ObjectId, Date, Decimal128) is only decoded from it if a
 * later stage asks, so that stage sees what it saw before the path existed, at no cost otherwise.
 */
interface Known {
  /** The converter that knows it: the bytes may reach another job, with other schemas. */
  owner: EventConverter;
  value?: unknown;
  json?: unknown;
  fromAvro?: StreamEvent;
}

/**
 * Converts events between encodings for one job, validating against the step's schema. Same
 * encoding and no schema is a pass-through of the bytes, the common fast path; for JSON the
 * caller may ask for a validity scan on that path (`checkJson`), so bytes from a source that
 * never parsed them cannot reach a sink as broken JSON. Decoded values are kept on each payload
 * (see PayloadMemo) so several sinks do not decode the same bytes again; so are the JSON forms
 * validated against a JSON Schema.
 */
export class EventConverter {
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
    if (event.encoding === 'avro' && target === 'json' && (!schema || schema.encoding === 'json')) {
      const converted = this.avroToJson(event, schema, schemaId);
      if (converted) return converted;
    }
    const known = this.decoded(event);
    const value = known.value;
    // JSON Schema describes the JSON form: BSON values (Date, ObjectId, Decimal128…) are checked as their flat JSON.
    if (schema?.validate) this.validate(schema, (known.json ??= hasTypedValues(value) ? JSON.parse(stringifyFlat(value)) : value));
    if (event.encoding === target && (!schema || (schema.encoding === 'json' && !schema.wire))) {
      return schemaId === event.schemaId ? event : withSchemaId(event, schemaId);
    }
    const payload = this.codecs.encode(value, target, schema?.avro || schema?.wire ? schema : undefined);
    // Avro projects and types the value (logical types, dropped fields): later stages must see what the bytes say.
    if (target !== 'avro') PayloadMemo.set(payload, { owner: this, value });
    return withPayload(event, payload, target, schemaId ?? (target === event.encoding ? event.schemaId : undefined));
  }

  /** The decoded value of an event, using the schema the event says it carries (for avro). */
  decode(event: StreamEvent): unknown {
    return this.decoded(event).value;
  }

  private decoded(event: StreamEvent): Known {
    const kept = PayloadMemo.get<Known>(event.payload);
    const known = kept?.owner === this ? kept : undefined;
    // No decoder gives undefined (JSON null, BSON documents, Avro null are values).
    if (known?.value !== undefined) return known;
    const schema = event.schemaId ? this.schemas.get(event.schemaId) : undefined;
    const value = known?.fromAvro ? this.decode(known.fromAvro) : this.codecs.decode(event.payload, event.encoding, schema);
    if (known) {
      known.value = value;
      return known;
    }
    const fresh: Known = { owner: this, value };
    PayloadMemo.set(event.payload, fresh);
    return fresh;
  }

  /**
   * avro → json straight through the JSON form: no BSON values built only to be flattened, and
   * the native JSON.stringify. Undefined when the schema cannot (see HostCodecs.decodeAvroAsJson).
   */
  private avroToJson(event: StreamEvent, schema: ResolvedSchema | undefined, schemaId: string | undefined): StreamEvent | undefined {
    const json = this.codecs.decodeAvroAsJson(event.payload, event.schemaId ? this.schemas.get(event.schemaId) : undefined);
    if (json === undefined) return undefined;
    if (schema?.validate) this.validate(schema, json);
    const payload = this.codecs.encodeJsonForm(json, schema);
    PayloadMemo.set(payload, { owner: this, json, fromAvro: event });
    return withPayload(event, payload, 'json', schemaId);
  }

  private validate(schema: ResolvedSchema, json: unknown): void {
    if (schema.validate!(json)) return;
    const problems = (schema.validate!.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
    throw new DataError(`document does not match JSON Schema "${schema.id}": ${problems.join('; ')}`, { details: { problems } });
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
