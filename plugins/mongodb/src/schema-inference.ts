import type { SchemaVariant } from '@mstream/sdk';

/**
 * A JSON Schema node inferred from values. Only types and structure are recorded, never values:
 * introspection output is shown to people who may not see the data.
 */
export type Shape = Record<string, unknown>;

/** The JSON Schema type of one value, with formats for BSON types. */
export function shapeOf(value: unknown): Shape {
  if (value === null || value === undefined) return { type: 'null' };
  if (typeof value === 'string') return { type: 'string' };
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (typeof value === 'number') return Number.isInteger(value) ? { type: 'integer' } : { type: 'number' };
  if (typeof value === 'bigint') return { type: 'integer' };
  if (value instanceof Date) return { type: 'string', format: 'date-time' };
  if (Array.isArray(value)) return arrayShape(value);
  switch ((value as { _bsontype?: string })._bsontype) {
    case 'ObjectId':
      return { type: 'string', format: 'objectid' };
    case 'Decimal128':
      return { type: 'string', format: 'decimal' };
    case 'Binary':
      return { type: 'string', contentEncoding: 'base64' };
    case 'Int32':
    case 'Long':
      return { type: 'integer' };
    case 'Double':
      return { type: 'number' };
    case 'Timestamp':
      return { type: 'string', format: 'bson-timestamp' };
    case 'BSONRegExp':
    case 'Code':
    case 'BSONSymbol':
      return { type: 'string' };
    case 'MinKey':
    case 'MaxKey':
      return { type: 'null' };
  }
  if (value instanceof RegExp) return { type: 'string' };
  return objectShape(value as Record<string, unknown>);
}

function objectShape(doc: Record<string, unknown>): Shape {
  const properties: Record<string, Shape> = {};
  for (const [key, child] of Object.entries(doc)) properties[key] = shapeOf(child);
  return { type: 'object', properties, required: Object.keys(properties).sort() };
}

function arrayShape(items: unknown[]): Shape {
  if (items.length === 0) return { type: 'array' };
  let merged: Shape | undefined;
  for (const item of items) {
    const shape = shapeOf(item);
    merged = merged === undefined ? shape : (merge(merged, shape) ?? { anyOf: uniqueShapes([...(merged.anyOf as Shape[] | undefined ?? [merged]), shape]) });
  }
  return { type: 'array', items: merged };
}

function uniqueShapes(shapes: Shape[]): Shape[] {
  const seen = new Map<string, Shape>();
  for (const s of shapes) seen.set(JSON.stringify(s), s);
  return [...seen.values()];
}

/**
 * Merges two shapes when they are compatible (same type; objects merge field by field, a field
 * missing on one side stops being required; integer widens to number), else returns undefined.
 */
export function merge(a: Shape, b: Shape): Shape | undefined {
  if (a.anyOf || b.anyOf) return JSON.stringify(a) === JSON.stringify(b) ? a : undefined;
  const ta = a.type;
  const tb = b.type;
  if ((ta === 'integer' && tb === 'number') || (ta === 'number' && tb === 'integer')) return { type: 'number' };
  if (ta !== tb) return undefined;
  if (ta === 'object') {
    const pa = (a.properties ?? {}) as Record<string, Shape>;
    const pb = (b.properties ?? {}) as Record<string, Shape>;
    const properties: Record<string, Shape> = {};
    for (const key of new Set([...Object.keys(pa), ...Object.keys(pb)])) {
      if (pa[key] && pb[key]) {
        const m = merge(pa[key], pb[key]);
        if (!m) return undefined;
        properties[key] = m;
      } else properties[key] = pa[key] ?? pb[key];
    }
    const rb = new Set((b.required as string[] | undefined) ?? []);
    const required = ((a.required as string[] | undefined) ?? []).filter((k) => rb.has(k));
    return { type: 'object', properties, required };
  }
  if (ta === 'array') {
    if (!a.items) return b;
    if (!b.items) return a;
    const items = merge(a.items as Shape, b.items as Shape);
    return items ? { type: 'array', items } : undefined;
  }
  if (a.format !== b.format || a.contentEncoding !== b.contentEncoding) return undefined;
  return a;
}

/**
 * Groups sampled documents into variants: each document joins the first variant it is compatible
 * with (a conflicting field type starts a new one). Returns variants by share, largest first;
 * each schema is a draft-07 JSON Schema whose `required` lists the fields present in every
 * document of the variant.
 */
export function inferVariants(documents: Array<Record<string, unknown>>): SchemaVariant[] {
  const variants: Array<{ shape: Shape; count: number }> = [];
  for (const doc of documents) {
    const shape = shapeOf(doc);
    let placed = false;
    for (const variant of variants) {
      const merged = merge(variant.shape, shape);
      if (merged) {
        variant.shape = merged;
        variant.count++;
        placed = true;
        break;
      }
    }
    if (!placed) variants.push({ shape, count: 1 });
  }
  const total = documents.length;
  return variants
    .sort((x, y) => y.count - x.count)
    .map(({ shape, count }) => ({
      share_percent: Math.round((count / total) * 10000) / 100,
      sample_count: count,
      schema: { $schema: 'http://json-schema.org/draft-07/schema#', ...shape },
    }));
}
