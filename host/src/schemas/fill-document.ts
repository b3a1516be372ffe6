import { generateSync, type JsonSchema } from 'json-schema-faker';
import { MstreamError } from '@mstream/sdk';
import { createDataAjv } from '../runtime/resolve-schemas.js';
import { numberRange, objectIdHex, stringHint, type Random } from './field-hints.js';

type Json = Record<string, unknown>;

/** A small seeded PRNG (mulberry32): the same seed gives the same hint values. */
function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Generates one realistic document for a JSON Schema: json-schema-faker honours the schema
 * (types, required, enum, format, minimum/maximum, patterns, lengths), then unconstrained fields
 * get values from their names (email, phone, names, addresses, `*_id` → ObjectId hex, `*_at` →
 * date-time, age/year/price ranges…). With `seed` the result is deterministic. The document is
 * validated against the schema; if a name hint would break it, the plain generated value is kept.
 */
export function fillDocument(schema: unknown, seed?: number): unknown {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) throw new MstreamError('MS_ERR_BAD_REQUEST', 'schema must be a JSON Schema object');
  let validate;
  try {
    validate = createDataAjv().compile(schema as object);
  } catch (error) {
    throw new MstreamError('MS_ERR_BAD_REQUEST', `schema is not a valid JSON Schema: ${(error as Error).message}`);
  }
  const effectiveSeed = seed ?? Math.floor(Math.random() * 2 ** 31);
  let generated: unknown;
  try {
    generated = generateSync(schema as JsonSchema, { seed: effectiveSeed });
  } catch (error) {
    throw new MstreamError('MS_ERR_BAD_REQUEST', `cannot generate a document from this schema: ${(error as Error).message}`);
  }
  const hinted = applyHints(schema as Json, structuredClone(generated), '', seeded(effectiveSeed));
  return validate(hinted) ? hinted : generated;
}

function applyHints(schema: Json | undefined, value: unknown, field: string, random: Random): unknown {
  if (!schema || typeof schema !== 'object') return value;
  if (Array.isArray(value)) {
    const items = schema.items as Json | undefined;
    return value.map((v) => applyHints(items, v, field, random));
  }
  if (value !== null && typeof value === 'object') {
    const properties = (schema.properties ?? {}) as Record<string, Json>;
    for (const key of Object.keys(value)) {
      (value as Json)[key] = applyHints(properties[key], (value as Json)[key], key, random);
    }
    return value;
  }
  if (schema.enum !== undefined || schema.const !== undefined || schema.pattern !== undefined) return value;
  if (typeof value === 'string') {
    if (schema.format === 'objectid') return objectIdHex(random);
    if (schema.format === 'decimal') return (random() * 1000).toFixed(2);
    if (schema.format !== undefined) return value;
    return stringHint(field, random) ?? value;
  }
  if (typeof value === 'number' && schema.minimum === undefined && schema.maximum === undefined && schema.exclusiveMinimum === undefined && schema.exclusiveMaximum === undefined) {
    const integer = schema.type === 'integer' || (Array.isArray(schema.type) && schema.type.includes('integer'));
    const range = numberRange(field, integer);
    if (!range) return value;
    const n = range[0] + random() * (range[1] - range[0]);
    return integer ? Math.round(n) : Math.round(n * 100) / 100;
  }
  return value;
}
