import { ConfigValidationError, ConflictError, ConnectionError, NotFoundError, isMstreamError, type Logger } from '@mstream/sdk';
import type { ServiceConfig } from '../config/config-types.js';
import { serviceOptions } from '../config/validate-service.js';
import { compareNames } from '../config/compare-names.js';
import type { PluginRegistry } from '../registry/plugin-registry.js';
import type { PluginScopes } from '../registry/plugin-scopes.js';
import type { OptionsValidator } from '../registry/options-validator.js';
import type { ServiceStore } from '../stores/store-types.js';
import type { SecretScrubber } from '../logs/create-logger.js';
import { maskSecrets, secretValues } from './secret-masking.js';

export interface ConnectedService {
  name: string;
  provider: string;
  pluginId: string;
  handle: unknown;
}

/**
 * Owns configured services: persists them, connects each lazily on first use, shares the handle
 * between jobs, and closes it when the service is removed or the host stops. A failed connect is
 * not cached, so the next use retries.
 */
export class ServiceManager {
  private readonly connections = new Map<string, Promise<ConnectedService>>();
  /** Services referenced by `[system.*]`: hidden from listings and not deletable. */
  readonly systemServices = new Set<string>();

  constructor(
    private readonly store: ServiceStore,
    private readonly registry: PluginRegistry,
    private readonly scopes: PluginScopes,
    private readonly scrubber: SecretScrubber,
    private readonly logger: Logger,
    /** Re-checks stored options at connect (see open()); absent in embedded uses. */
    private readonly validator?: OptionsValidator,
  ) {}

  // Every service leaves through list/get/providerOf with its provider's lazy plugin loaded, so
  // what callers then look up in the registry (schemas, steps, stores) is there. The store may be
  // shared with other hosts, so a service this host never saw created is covered too.
  async list(): Promise<ServiceConfig[]> {
    const services = (await this.store.list()).sort((a, b) => compareNames(a.name, b.name));
    await Promise.all([...new Set(services.map((s) => s.provider))].map((provider) => this.registry.loadProvider(provider)));
    return services;
  }

  async get(name: string): Promise<ServiceConfig> {
    const service = await this.store.get(name);
    if (!service) throw new NotFoundError(`service "${name}" not found`);
    await this.registry.loadProvider(service.provider);
    return service;
  }

  async providerOf(name: string): Promise<string | undefined> {
    const provider = (await this.store.get(name))?.provider;
    if (provider) await this.registry.loadProvider(provider);
    return provider;
  }

  /** Saves a validated service. `replace` is for the config file, which overwrites stored copies. */
  async put(service: ServiceConfig, { replace }: { replace: boolean }): Promise<void> {
    if (!replace && (await this.store.get(service.name))) throw new ConflictError(`service "${service.name}" already exists`);
    this.rememberSecrets(service);
    await this.disconnect(service.name);
    await this.store.put(service);
  }

  async remove(name: string): Promise<void> {
    await this.get(name);
    if (this.systemServices.has(name)) throw new ConflictError(`service "${name}" is used by system components and cannot be removed`);
    await this.disconnect(name);
    await this.store.delete(name);
  }

  /** The service's config with every secret replaced by `****`. */
  masked(service: ServiceConfig): ServiceConfig {
    const schema = this.registry.get('service', service.provider)?.definition.configSchema;
    return { provider: service.provider, name: service.name, ...maskSecrets(serviceOptions(service), schema) };
  }

  rememberSecrets(service: ServiceConfig): void {
    const schema = this.registry.get('service', service.provider)?.definition.configSchema;
    this.scrubber.add(secretValues(serviceOptions(service), schema));
  }

  /** Connects (once) and returns the shared handle. */
  connect(name: string): Promise<ConnectedService> {
    let pending = this.connections.get(name);
    if (!pending) {
      pending = this.open(name);
      this.connections.set(name, pending);
      pending.catch(() => this.connections.delete(name));
    }
    return pending;
  }

  private async open(name: string): Promise<ConnectedService> {
    const service = await this.get(name);
    const contribution = this.registry.get('service', service.provider);
    if (!contribution) throw new NotFoundError(`service "${name}" uses provider "${service.provider}", which no loaded plugin provides`);
    const context = this.scopes.context(contribution.pluginId, { service: name });
    // A service stored earlier (over the API, before the files root was narrowed or a plugin's
    // schema tightened) is checked again, and its path options resolved, before a plugin sees it.
    const options = serviceOptions(service);
    const issues = this.validator?.validate(contribution.definition.configSchema, options, `services.${name}`) ?? [];
    if (issues.length) throw new ConfigValidationError(issues);
    try {
      const handle = await contribution.definition.connect(options, context);
      return { name, provider: service.provider, pluginId: contribution.pluginId, handle };
    } catch (error) {
      if (isMstreamError(error)) throw Object.assign(error, { plugin: contribution.pluginId, operation: 'service.connect' });
      throw new ConnectionError(`cannot connect service "${name}": ${this.scrubber.scrub((error as Error).message)}`, { cause: error });
    }
  }

  async disconnect(name: string): Promise<void> {
    const pending = this.connections.get(name);
    if (!pending) return;
    this.connections.delete(name);
    const connected = await pending.catch(() => undefined);
    if (!connected) return;
    const definition = this.registry.get('service', connected.provider)?.definition;
    try {
      await definition?.close?.(connected.handle);
    } catch (error) {
      this.logger.warn({ service: name, err: (error as Error).message }, 'closing the service failed');
    }
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.connections.keys()].map((name) => this.disconnect(name)));
  }
}
