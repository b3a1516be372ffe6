import { defineLazyPlugin } from '@mstream/sdk';

/**
 * Confluent-compatible Schema Registry: a service whose subjects are an mstream schema store. Jobs
 * reference a subject with `schemas = [{ id, service_name, resource = "<subject>", wire_format =
 * "confluent" }]` to read and write Confluent-framed payloads (see README.md).
 *
 * The entry imports only the SDK: the host reads the id and `provides` at discovery and imports
 * plugin.ts (and with it the client library) the first time one of these providers is used.
 */
export default defineLazyPlugin({
  id: 'schema-registry',
  version: '0.1.0',
  sdk: '^0.1.0',
  displayName: 'Schema Registry',
  description: 'Confluent-compatible schema registry: subjects as schemas, ids for the Confluent wire format',
  provides: ['service:schema-registry', 'schemas:schema-registry'],
  load: () => import('./plugin.js').then((m) => m.default),
});
