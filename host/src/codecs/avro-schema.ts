import avro from 'avsc';
import { LOGICAL_TYPES } from './avro-logical-types.js';
import { JSON_FORM_LOGICAL_TYPES } from './avro-json-form.js';
import { LONG_JSON_TYPE, LONG_TYPE } from './avro-long.js';

/**
 * Builds an avsc Type the way the host needs it everywhere (job schemas, writer schemas fetched
 * from a registry, schema tools): with the host's logical types and its bigint-aware long. The
 * registry object is fresh per call because avsc stores named types in it.
 *
 * `form = 'json'` builds the reader an avro → json conversion uses: the same schema and wire
 * format, but values decode to their flat JSON form (see avro-json-form.ts) instead of BSON types.
 */
export function parseAvroSchema(definition: unknown, form: 'typed' | 'json' = 'typed'): avro.Type {
  const schema = typeof definition === 'string' && definition.trim().startsWith('{') ? JSON.parse(definition) : definition;
  return avro.Type.forSchema(schema as avro.Schema, {
    logicalTypes: (form === 'json' ? JSON_FORM_LOGICAL_TYPES : LOGICAL_TYPES) as unknown as avro.ForSchemaOptions['logicalTypes'],
    registry: { long: (form === 'json' ? LONG_JSON_TYPE : LONG_TYPE) as unknown as avro.Type },
  });
}
