import { UnsupportedOperationError, type SchemaStore } from '@mstream/sdk';
import type { PluginRegistry } from '../registry/plugin-registry.js';
import type { PluginScopes } from '../registry/plugin-scopes.js';
import type { ServiceManager } from './service-manager.js';

/** Reaches the schema store a service's plugin provides (MongoDB collection, Pub/Sub registry, …). */
export class SchemaAccess {
  constructor(
    private readonly services: ServiceManager,
    private readonly registry: PluginRegistry,
    private readonly scopes: PluginScopes,
  ) {}

  async store(serviceName: string): Promise<SchemaStore> {
    const provider = (await this.services.get(serviceName)).provider;
    const contribution = this.registry.get('schemas', provider);
    if (!contribution) throw new UnsupportedOperationError(`service "${serviceName}" (provider ${provider}) does not support schema operations`);
    const connected = await this.services.connect(serviceName);
    return contribution.definition.create(connected.handle, this.scopes.context(contribution.pluginId, { service: serviceName }));
  }

  async fetch(serviceName: string, id: string, signal: AbortSignal): Promise<{ encoding: 'avro' | 'json'; definition: string }> {
    const entry = await (await this.store(serviceName)).get(id, signal);
    return { encoding: entry.encoding, definition: entry.definition };
  }
}
