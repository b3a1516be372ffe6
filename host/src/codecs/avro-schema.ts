import avro from 'avsc';
import { LOGICAL_TYPES } from './avro-logical-types.js';
import { LONG_TYPE } from './avro-long.js';

/**
 * Builds an avsc Type the way the host needs it everywhere (job schemas, writer schemas fetched
 * from a registry, schema tools): with the host's logical types and its bigint-aware long. The
 * registry object is fresh per call because avsc stores named types in it.
 */
export function parseAvroSchema(definition: unknown): avro.Type {
  const schema = typeof definition === 'string' && definition.trim().startsWith('{') ? JSON.parse(definition) : definition;
  return avro.Type.forSchema(schema as avro.Schema, {
    logicalTypes: LOGICAL_TYPES as unknown as avro.ForSchemaOptions['logicalTypes'],
    registry: { long: LONG_TYPE as unknown as avro.Type },
  });
}
