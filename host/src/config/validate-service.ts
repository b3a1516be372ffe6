import type { ConfigIssue } from '@mstream/sdk';
import type { PluginRegistry } from '../registry/plugin-registry.js';
import type { OptionsValidator } from '../registry/options-validator.js';
import type { ServiceConfig } from './config-types.js';

/** Job and service names follow the one id rule (see ids.ts). */
export { ID_PATTERN as NAME_PATTERN } from './ids.js';
import { ID_PATTERN as NAME_PATTERN } from './ids.js';

/** Splits a service entry into the host's keys and the plugin's config. */
export function serviceOptions(service: ServiceConfig): Record<string, unknown> {
  const { provider: _provider, name: _name, ...options } = service;
  return options;
}

/**
 * Checks one service entry: a known provider, a usable name, and the plugin's own schema.
 * Defaults from the schema are applied to `service` in place.
 */
export function validateService(
  service: unknown,
  path: string,
  registry: PluginRegistry,
  validator: OptionsValidator,
): ConfigIssue[] {
  if (!isRecord(service)) return [{ path, message: 'must be a table with at least provider and name' }];
  const issues: ConfigIssue[] = [];
  if (typeof service.name !== 'string' || !service.name) issues.push({ path: `${path}.name`, message: 'is required' });
  else if (!NAME_PATTERN.test(service.name)) {
    issues.push({ path: `${path}.name`, message: 'may only contain letters, digits, ".", "_" and "-" (max 128)' });
  }
  if (typeof service.provider !== 'string' || !service.provider) {
    issues.push({ path: `${path}.provider`, message: `is required (one of: ${registry.providers('service').join(', ')})` });
    return issues;
  }
  const contribution = registry.get('service', service.provider);
  if (!contribution) {
    issues.push({
      path: `${path}.provider`,
      message: `unknown provider "${service.provider}" (installed: ${registry.providers('service').join(', ') || 'none'})`,
    });
    return issues;
  }
  const options = serviceOptions(service as ServiceConfig);
  issues.push(...validator.validate(contribution.definition.configSchema, options, path));
  Object.assign(service, options);
  return issues;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
