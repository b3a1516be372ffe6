import { ANY, JSON_SCHEMA_OBJECT, object, STRING, type JsonSchema } from './json-schema.js';

const ENCODING: JsonSchema = { type: 'string', enum: ['json', 'avro'] };

/** The stateless schema tools (schemas/convert-schema.ts, schemas/fill-document.ts). */
export const SCHEMA_TOOL_SCHEMAS= {
  SchemaConvertRequest: object(
    {
      source: object({ schema_encoding: { ...ENCODING, description: '"json" (JSON Schema) or "avro"' }, body: { ...STRING, description: 'The schema as JSON text' } }, ['schema_encoding', 'body'], true),
      target_encoding: { ...ENCODING, description: 'The other one than the source' },
      options: object({ name: { ...STRING, description: 'Avro record name' }, namespace: STRING }, [], true),
    },
    ['source', 'target_encoding'],
    true,
  ),
  SchemaConvertResult: object({ schema: { ...STRING, description: 'The converted schema as JSON text' }, encoding: ENCODING }, ['schema', 'encoding'], false),
  SchemaFillRequest: object({ schema: JSON_SCHEMA_OBJECT, seed: { type: 'integer', description: 'The same seed gives the same document' } }, ['schema'], true),
  FilledDocument: { ...ANY, description: 'A document valid against the schema' },
} satisfies Record<string, JsonSchema>;
