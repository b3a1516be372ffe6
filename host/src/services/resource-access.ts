import { UnsupportedOperationError, type ResourceLister } from '@mstream/sdk';
import type { PluginRegistry } from '../registry/plugin-registry.js';
import type { PluginScopes } from '../registry/plugin-scopes.js';
import type { ServiceManager } from './service-manager.js';

/** Reaches the resource lister a service's plugin provides (collections, topics, scripts, files). */
export class ResourceAccess {
  constructor(
    private readonly services: ServiceManager,
    private readonly registry: PluginRegistry,
    private readonly scopes: PluginScopes,
  ) {}

  async lister(serviceName: string): Promise<ResourceLister> {
    const provider = (await this.services.get(serviceName)).provider;
    if (this.services.systemServices.has(serviceName)) {
      throw new UnsupportedOperationError(`service "${serviceName}" is a system service; its resources are not listed`);
    }
    const contribution = this.registry.get('resources', provider);
    if (!contribution) throw new UnsupportedOperationError(`service "${serviceName}" (provider ${provider}) does not list resources`);
    const connected = await this.services.connect(serviceName);
    return contribution.definition.create(connected.handle, this.scopes.context(contribution.pluginId, { service: serviceName }));
  }
}
