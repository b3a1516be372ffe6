import { definePlugin } from '@mstream/sdk';
import { registryService } from './registry-service.js';
import { RegistrySchemaStore, type RegistryHandle } from './registry-schema-store.js';

/** The implementation the lazy entry (index.ts) loads on first use; tests import it directly. */
export default definePlugin({
  id: 'schema-registry',
  version: '0.1.0',
  sdk: '^0.1.0',
  displayName: 'Schema Registry',
  description: 'Confluent-compatible schema registry: subjects as schemas, ids for the Confluent wire format',
  register(r) {
    r.service(registryService);
    r.schemas<RegistryHandle>({ provider: 'schema-registry', create: (handle) => new RegistrySchemaStore(handle) });
  },
});
