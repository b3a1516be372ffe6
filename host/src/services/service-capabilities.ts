import { UnsupportedOperationError, type PluginContext, type ResourceLister, type SchemaEntry, type SchemaStore } from '@mstream/sdk';
import type { PluginRegistry } from '../registry/plugin-registry.js';
import type { PluginScopes } from '../registry/plugin-scopes.js';
import type { ServiceManager } from './service-manager.js';

/**
 * Reaches what a service's plugin offers beyond sources and sinks: its resource lister
 * (collections, topics, scripts, files) and its schema store (a MongoDB collection, the Pub/Sub
 * registry, a Confluent registry). The host asks by capability, never by provider name.
 */
export class ServiceCapabilities {
  constructor(
    private readonly services: ServiceManager,
    private readonly registry: PluginRegistry,
    private readonly scopes: PluginScopes,
    /** `[system.schemas].resource`: the collection schema stores keep schemas in, when set. */
    readonly schemasResource?: string,
  ) {}

  async lister(serviceName: string): Promise<ResourceLister> {
    if (this.services.systemServices.has(serviceName)) {
      await this.services.get(serviceName);
      throw new UnsupportedOperationError(`service "${serviceName}" is a system service; its resources are not listed`);
    }
    return this.create('resources', serviceName, 'does not list resources');
  }

  schemaStore(serviceName: string): Promise<SchemaStore> {
    return this.create('schemas', serviceName, 'does not support schema operations');
  }

  /** Looks a stored schema up for a job's `schemas = [{ service_name, resource }]`. */
  async fetchSchema(serviceName: string, id: string, signal: AbortSignal): Promise<SchemaEntry & { store: SchemaStore }> {
    const store = await this.schemaStore(serviceName);
    // The store goes along: its optional getById/listVersions serve the Confluent wire format.
    return { ...(await store.get(id, signal)), store };
  }

  private async create<K extends 'resources' | 'schemas'>(kind: K, serviceName: string, missing: string) {
    const provider = (await this.services.get(serviceName)).provider;
    const contribution = this.registry.get(kind, provider);
    if (!contribution) throw new UnsupportedOperationError(`service "${serviceName}" (provider ${provider}) ${missing}`);
    const connected = await this.services.connect(serviceName);
    const context: PluginContext = this.scopes.context(contribution.pluginId, { service: serviceName });
    const options = kind === 'schemas' ? { resource: this.schemasResource } : undefined;
    return (contribution.definition.create as (h: unknown, c: PluginContext, o?: { resource?: string }) => unknown)(connected.handle, context, options) as K extends 'resources' ? ResourceLister : SchemaStore;
  }
}
