import { ID, RESOURCE_NAME } from './params.js';
import { arrayOf, BOOLEAN, COUNT, envelope, JSON_SCHEMA_OBJECT, NUMBER, object, ref, STRING, TIMESTAMP, type JsonSchema } from './json-schema.js';

const PROVIDER: JsonSchema = { type: 'string', minLength: 1, description: 'A provider of an installed plugin (GET /providers)' };
const SCHEMA_ENCODING: JsonSchema = { type: 'string', enum: ['avro', 'json'] };

/**
 * Services and what their plugins offer beyond sources and sinks: resources and stored schemas.
 * A service's own keys belong to its provider (its config schema in GET /providers), so they are
 * open here; secrets among them are always `****`.
 */
export const SERVICE_SCHEMAS= {
  ServiceConfig: object({ provider: PROVIDER, name: ID }, ['provider', 'name'], true, 'A service: `provider`, `name` and the provider\'s own keys (secrets masked as ****)'),
  Service: object(
    {
      provider: PROVIDER,
      name: ID,
      used_by_jobs: { ...arrayOf(ID), description: 'Jobs whose definition uses it' },
      is_system: { ...BOOLEAN, description: 'Holds the host\'s own stores ([system.*])' },
    },
    ['provider', 'name', 'used_by_jobs', 'is_system'],
    true,
    'A service with where it is used (secrets masked as ****)',
  ),
  ServiceList: arrayOf(ref('Service')),
  ServiceEnvelope: envelope(ref('ServiceConfig')),
  Resource: object(
    {
      name: STRING,
      resource_type: { ...STRING, description: '`collection`, `topic`, `subscription`, `script`, `file`, …' },
      details: { type: 'object', additionalProperties: true, description: 'Provider facts safe to show, e.g. `{ partitions: 3 }`' },
    },
    ['name', 'resource_type'],
    false,
  ),
  ResourceList: object({ service_name: ID, resources: arrayOf(ref('Resource')) }, ['service_name', 'resources'], false),
  ResourceContent: object({ filename: RESOURCE_NAME, content: STRING }, ['filename', 'content'], false),
  ResourceWrite: object({ content: STRING }, ['content'], true, 'Keys besides `content` are ignored'),
  SchemaVariant: object(
    { share_percent: NUMBER, sample_count: COUNT, schema: JSON_SCHEMA_OBJECT },
    ['share_percent', 'sample_count', 'schema'],
    false,
    'One document shape found by sampling, without any sampled value',
  ),
  SchemaVariantList: arrayOf(ref('SchemaVariant'), { minItems: 1 }),
  SchemaSummary: object({ id: STRING, name: STRING, encoding: SCHEMA_ENCODING }, ['id', 'name', 'encoding'], false),
  SchemaSummaryList: arrayOf(ref('SchemaSummary')),
  StoredSchema: object(
    {
      id: STRING,
      name: STRING,
      encoding: SCHEMA_ENCODING,
      definition: { ...STRING, description: 'The schema text' },
      created_at: TIMESTAMP,
      updated_at: TIMESTAMP,
      registry_id: { type: 'integer', description: 'A Confluent-compatible registry\'s global id of this definition' },
      version: { type: 'integer', description: 'Version under its subject, for stores that version schemas' },
    },
    ['id', 'name', 'encoding', 'definition'],
    false,
  ),
  SchemaInput: object(
    { id: { ...ID, description: 'Assigned by the store when missing' }, name: { type: 'string', minLength: 1 }, encoding: SCHEMA_ENCODING, definition: { ...STRING, description: 'The schema text' } },
    ['name', 'encoding', 'definition'],
    false,
  ),
  SchemaEnvelope: envelope(ref('StoredSchema')),
} satisfies Record<string, JsonSchema>;
