import type { ServiceDefinition } from '@mstream/sdk';
import { RegistryClient } from './registry-client.js';
import { REGISTRY_CONFIG_SCHEMA, type RegistryConfig } from './registry-config.js';
import { RegistryHandle } from './registry-schema-store.js';

/** Connecting does no I/O: the registry is plain HTTP, reached on first use (`check` pings it). */
export const registryService: ServiceDefinition<RegistryConfig, RegistryHandle> = {
  provider: 'schema-registry',
  displayName: 'Schema Registry (Confluent API)',
  description: 'A Confluent-compatible schema registry (Confluent, Karapace, Redpanda, Apicurio ccompat)',
  configSchema: REGISTRY_CONFIG_SCHEMA,
  connect: (config) => new RegistryHandle(new RegistryClient({ ...config, timeout_ms: config.timeout_ms ?? 10_000, subject_cache_ms: config.subject_cache_ms ?? 5000 })),
  async check(handle, signal) {
    await handle.client.request('GET', '/subjects', signal);
  },
};
