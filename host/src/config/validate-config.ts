import { ConfigValidationError, type ConfigIssue } from '@mstream/sdk';
import type { PluginRegistry } from '../registry/plugin-registry.js';
import type { OptionsValidator } from '../registry/options-validator.js';
import type { MstreamConfig, ServiceConfig } from './config-types.js';
import { validateConnector } from './validate-connector.js';
import { isRecord, validateService } from './validate-service.js';

const TOP_KEYS = new Set(['system', 'services', 'connectors']);
const SYSTEM_KEYS = new Set(['encryption_key_path', 'shutdown_timeout_ms', 'job_lifecycle', 'service_lifecycle', 'checkpoints', 'schemas', 'test_suites', 'workspaces', 'dead_letters', 'leases', 'logs', 'plugins']);
const STARTUP_STATES = ['force_from_file', 'seed_from_file', 'keep'];

/**
 * Validates a whole configuration and returns every issue at once (an empty list means it is
 * usable). Plugin schemas' defaults are applied in place.
 */
export function collectConfigIssues(raw: unknown, registry: PluginRegistry, validator: OptionsValidator): ConfigIssue[] {
  if (!isRecord(raw)) return [{ path: '(root)', message: 'the configuration must be a TOML table' }];
  const issues: ConfigIssue[] = [];
  for (const key of Object.keys(raw)) if (!TOP_KEYS.has(key)) issues.push({ path: key, message: 'is not a known section (system, services, connectors)' });

  const services = raw.services ?? [];
  const providers = new Map<string, string>();
  const configs = new Map<string, ServiceConfig>();
  if (!Array.isArray(services)) issues.push({ path: 'services', message: 'must be an array of tables ([[services]])' });
  else services.forEach((service, i) => {
    const path = `services[${i}]`;
    issues.push(...validateService(service, path, registry, validator));
    if (isRecord(service) && typeof service.name === 'string') {
      if (providers.has(service.name)) issues.push({ path: `${path}.name`, message: `duplicate service name "${service.name}"` });
      providers.set(service.name, String(service.provider));
      configs.set(service.name, service as ServiceConfig);
    }
  });

  const connectors = raw.connectors ?? [];
  const names = new Set<string>();
  if (!Array.isArray(connectors)) issues.push({ path: 'connectors', message: 'must be an array of tables ([[connectors]])' });
  else connectors.forEach((connector, i) => {
    const path = `connectors[${i}]`;
    issues.push(...validateConnector(connector, path, (name) => configs.get(name), registry, validator));
    if (isRecord(connector) && typeof connector.name === 'string') {
      if (names.has(connector.name)) issues.push({ path: `${path}.name`, message: `duplicate connector name "${connector.name}"` });
      names.add(connector.name);
    }
  });

  if (raw.system !== undefined) issues.push(...validateSystem(raw.system, providers));
  return issues;
}

function validateSystem(system: unknown, providers: Map<string, string>): ConfigIssue[] {
  if (!isRecord(system)) return [{ path: 'system', message: 'must be a table' }];
  const issues: ConfigIssue[] = [];
  for (const [key, value] of Object.entries(system)) {
    const path = `system.${key}`;
    if (!SYSTEM_KEYS.has(key)) {
      issues.push({ path, message: 'is not a known system section' });
      continue;
    }
    if (key === 'encryption_key_path') {
      if (typeof value !== 'string') issues.push({ path, message: 'must be a path string' });
      continue;
    }
    if (key === 'shutdown_timeout_ms') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 100) issues.push({ path, message: 'must be an integer of at least 100 (milliseconds)' });
      continue;
    }
    if (!isRecord(value)) {
      issues.push({ path, message: 'must be a table' });
      continue;
    }
    if (key === 'plugins') {
      for (const [field, v] of Object.entries(value)) {
        if (field !== 'registry') issues.push({ path: `${path}.${field}`, message: 'is not a known key (registry)' });
        else if (typeof v !== 'string' || !/^https?:\/\//.test(v)) issues.push({ path: `${path}.registry`, message: 'must be an http(s) URL' });
      }
      continue;
    }
    if (key === 'logs') {
      for (const field of ['buffer_capacity', 'stream_preload_count']) {
        const v = value[field];
        if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0)) issues.push({ path: `${path}.${field}`, message: 'must be a non-negative integer' });
      }
      continue;
    }
    if (value.service_name !== undefined && !providers.has(String(value.service_name))) {
      issues.push({ path: `${path}.service_name`, message: `unknown service "${String(value.service_name)}"` });
    }
    if (key === 'leases' && value.ttl_ms !== undefined && (typeof value.ttl_ms !== 'number' || !Number.isInteger(value.ttl_ms) || value.ttl_ms < 1000)) {
      issues.push({ path: `${path}.ttl_ms`, message: 'must be an integer of at least 1000 (milliseconds)' });
    }
    if (key === 'job_lifecycle' && value.startup_state !== undefined && !STARTUP_STATES.includes(String(value.startup_state))) {
      issues.push({ path: `${path}.startup_state`, message: `must be one of ${STARTUP_STATES.join(', ')}` });
    }
  }
  return issues;
}

/** Validates and returns the typed config, or throws one error listing every issue. */
export function validateConfig(raw: unknown, registry: PluginRegistry, validator: OptionsValidator): MstreamConfig {
  const issues = collectConfigIssues(raw, registry, validator);
  if (issues.length > 0) throw new ConfigValidationError(issues);
  const table = raw as Record<string, unknown>;
  return {
    system: (table.system ?? {}) as MstreamConfig['system'],
    services: (table.services ?? []) as ServiceConfig[],
    connectors: (table.connectors ?? []) as MstreamConfig['connectors'],
  };
}
