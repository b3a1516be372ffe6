import type { ConfigSchema } from '@mstream/sdk';

/**
 * A schema as the OpenAPI 3.0 document shows it and ajv checks it. 3.0 has no `const` and no
 * type arrays: use `enum: [x]` and `nullable: true` (ajv understands `nullable`).
 */
export type JsonSchema = ConfigSchema;

/** A reference to a named schema under `components.schemas` (see schemas/index.ts). */
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/**
 * An object schema. `extra` says honestly what the server does with keys it does not list:
 * `false` refuses them, `true` keeps or ignores them (provider-defined fields, stored verbatim).
 */
export function object(properties: Record<string, JsonSchema>, required: string[], extra: boolean | JsonSchema, description?: string): JsonSchema {
  return { type: 'object', ...(description ? { description } : {}), ...(required.length ? { required } : {}), properties, additionalProperties: extra };
}

export const STRING: JsonSchema = { type: 'string' };
export const BOOLEAN: JsonSchema = { type: 'boolean' };
export const COUNT: JsonSchema = { type: 'integer', minimum: 0 };
export const NUMBER: JsonSchema = { type: 'number' };
/** Any JSON value (a document, a cursor, a generated example). */
export const ANY: JsonSchema = {};
/** Times are RFC 3339 strings in UTC, as `Date.toISOString()` writes them. */
export const TIMESTAMP: JsonSchema = { type: 'string', format: 'date-time' };
/** A JSON Schema document (a plugin's options, an inferred schema): any object. */
export const JSON_SCHEMA_OBJECT: JsonSchema = { type: 'object', additionalProperties: true, description: 'A JSON Schema' };
export const STRING_MAP: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };
export const arrayOf = (items: JsonSchema, extra: Partial<JsonSchema> = {}): JsonSchema => ({ type: 'array', items, ...extra });
/** `{ message, item }`: what creating or acting on something answers. */
export const envelope = (item: JsonSchema, description?: string): JsonSchema => object({ message: STRING, item }, ['message', 'item'], false, description);
