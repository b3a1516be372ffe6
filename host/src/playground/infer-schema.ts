import { typeName } from './value-paths.js';

/** A JSON Schema describing a sample's shape (types only, never values). */
export function inferSchema(value: unknown): Record<string, unknown> {
  const type = typeName(value);
  if (type === 'object') {
    const properties: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) properties[key] = inferSchema(item);
    return { type: 'object', properties };
  }
  if (type === 'array') {
    const items = value as unknown[];
    return items.length ? { type: 'array', items: inferSchema(items[0]) } : { type: 'array' };
  }
  return { type };
}
