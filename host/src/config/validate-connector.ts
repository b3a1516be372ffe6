import { DELIVERIES, ENCODINGS, type ConfigIssue, type ContributionKind } from '@mstream/sdk';
import type { PluginRegistry } from '../registry/plugin-registry.js';
import type { OptionsValidator } from '../registry/options-validator.js';
import type { ConnectorConfig } from './config-types.js';
import { exactlyOnceIssues, type ServiceOf } from './validate-delivery.js';
import { tasksIssues } from './validate-tasks.js';
import { NAME_PATTERN, isRecord } from './validate-service.js';

const CONNECTOR_KEYS = new Set([
  'name', 'enabled', 'source', 'middlewares', 'sinks', 'schemas', 'batch', 'checkpoint', 'on_error', 'retry', 'max_in_flight', 'delivery', 'tasks',
]);
const STEP_KEYS = new Set(['service_name', 'resource', 'output_encoding', 'input_encoding', 'schema_id', 'validate_json', 'options']);
const ERROR_POLICIES = ['dead_letter', 'skip', 'fail'];

/** Looks up a service's provider by name; undefined when the service does not exist. */
export type ProviderOf = (serviceName: string) => string | undefined;
export type { ServiceOf };

/**
 * Checks one connector (job definition) against the known services and plugins, collecting
 * every issue. Step options get their schema defaults applied in place.
 */
export function validateConnector(
  connector: unknown,
  path: string,
  serviceOf: ServiceOf,
  registry: PluginRegistry,
  validator: OptionsValidator,
): ConfigIssue[] {
  if (!isRecord(connector)) return [{ path, message: 'must be a table with name, source and sinks' }];
  const providerOf: ProviderOf = (name) => serviceOf(name)?.provider;
  const issues: ConfigIssue[] = [];
  const at = (suffix: string, message: string) => issues.push({ path: `${path}.${suffix}`, message });

  for (const key of Object.keys(connector)) if (!CONNECTOR_KEYS.has(key)) at(key, 'is not a known connector key');
  if (typeof connector.name !== 'string' || !connector.name) at('name', 'is required');
  else if (!NAME_PATTERN.test(connector.name)) at('name', 'may only contain letters, digits, ".", "_" and "-" (max 128)');
  if (connector.enabled !== undefined && typeof connector.enabled !== 'boolean') at('enabled', 'must be true or false');

  const schemaIds = new Set<string>();
  if (connector.schemas !== undefined) {
    if (!Array.isArray(connector.schemas)) at('schemas', 'must be an array');
    else connector.schemas.forEach((schema, i) => {
      const p = `schemas[${i}]`;
      if (!isRecord(schema)) return at(p, 'must be a table with id and a definition, file or service_name');
      if (typeof schema.id !== 'string' || !schema.id) at(`${p}.id`, 'is required');
      else schemaIds.add(schema.id);
      const sources = ['definition', 'file', 'service_name'].filter((k) => schema[k] !== undefined);
      if (sources.length !== 1) at(p, 'needs exactly one of definition, file or service_name');
      if (typeof schema.file === 'string') {
        // Read by the host itself at job start (resolve-schemas.ts): confined like x-path options.
        const issue = validator.filesRoot.check(schema.file, `${path}.${p}.file`, (resolved) => (schema.file = resolved));
        if (issue) issues.push(issue);
      } else if (schema.file !== undefined) at(`${p}.file`, 'must be a path string');
      if (schema.service_name !== undefined && !providerOf(String(schema.service_name))) {
        at(`${p}.service_name`, `unknown service "${String(schema.service_name)}"`);
      }
      if (schema.encoding !== undefined && schema.encoding !== 'avro' && schema.encoding !== 'json') {
        at(`${p}.encoding`, 'must be "avro" or "json"');
      }
    });
  }

  const step = (value: unknown, stepPath: string, kind: ContributionKind) => {
    issues.push(...validateStep(value, `${path}.${stepPath}`, kind, providerOf, registry, validator, schemaIds));
  };
  if (connector.source === undefined) at('source', 'is required');
  else step(connector.source, 'source', 'source');
  if (connector.middlewares !== undefined) {
    if (!Array.isArray(connector.middlewares)) at('middlewares', 'must be an array');
    else connector.middlewares.forEach((m, i) => step(m, `middlewares[${i}]`, 'middleware'));
  }
  if (!Array.isArray(connector.sinks) || connector.sinks.length === 0) at('sinks', 'must list at least one sink');
  else connector.sinks.forEach((s, i) => step(s, `sinks[${i}]`, 'sink'));

  if (connector.batch !== undefined) {
    const batch = connector.batch;
    if (!isRecord(batch)) at('batch', 'must be a table like { kind = "count", size = 100 }');
    else {
      if (batch.kind !== undefined && batch.kind !== 'count') at('batch.kind', 'must be "count"');
      if (!isInt(batch.size, 1, 100_000)) at('batch.size', 'must be an integer from 1 to 100000');
      if (batch.max_wait_ms !== undefined && !isInt(batch.max_wait_ms, 0, 3_600_000)) at('batch.max_wait_ms', 'must be an integer from 0 to 3600000');
    }
  }
  if (connector.checkpoint !== undefined) {
    const cp = connector.checkpoint;
    if (!isRecord(cp)) at('checkpoint', 'must be a table like { enabled = true }');
    else {
      if (cp.enabled !== undefined && typeof cp.enabled !== 'boolean') at('checkpoint.enabled', 'must be true or false');
      if (cp.interval_ms !== undefined && !isInt(cp.interval_ms, 0, 3_600_000)) at('checkpoint.interval_ms', 'must be an integer from 0 to 3600000');
    }
  }
  if (connector.on_error !== undefined && !ERROR_POLICIES.includes(String(connector.on_error))) {
    at('on_error', `must be one of ${ERROR_POLICIES.map((p) => `"${p}"`).join(', ')}`);
  }
  if (connector.retry !== undefined) {
    if (!isRecord(connector.retry)) at('retry', 'must be a table');
    else for (const [key, value] of Object.entries(connector.retry)) {
      if (!['initial_backoff_ms', 'max_backoff_ms', 'max_attempts'].includes(key)) at(`retry.${key}`, 'is not a known retry key');
      else if (!isInt(value, 0, 86_400_000)) at(`retry.${key}`, 'must be a non-negative integer');
    }
  }
  if (connector.max_in_flight !== undefined && !isInt(connector.max_in_flight, 1, 10_000_000)) {
    at('max_in_flight', 'must be an integer from 1 to 10000000');
  }
  if (connector.delivery !== undefined && !DELIVERIES.includes(connector.delivery as never)) {
    at('delivery', `must be one of ${DELIVERIES.map((d) => `"${d}"`).join(', ')}`);
  }
  // After the steps: their options have their defaults, which a step's refusal may look at.
  if (connector.delivery === 'exactly_once') issues.push(...exactlyOnceIssues(connector, path, serviceOf, registry));
  issues.push(...tasksIssues(connector, path, serviceOf, registry));
  return issues;
}

function validateStep(
  step: unknown,
  path: string,
  kind: ContributionKind,
  providerOf: ProviderOf,
  registry: PluginRegistry,
  validator: OptionsValidator,
  schemaIds: Set<string>,
): ConfigIssue[] {
  if (!isRecord(step)) return [{ path, message: 'must be a table with service_name, resource and output_encoding' }];
  const issues: ConfigIssue[] = [];
  const at = (key: string, message: string) => issues.push({ path: `${path}.${key}`, message });
  for (const key of Object.keys(step)) if (!STEP_KEYS.has(key)) at(key, `is not a known key (provider options go in "options")`);
  if (typeof step.resource !== 'string') at('resource', 'is required');
  for (const key of ['output_encoding', 'input_encoding'] as const) {
    const value = step[key];
    if (value === undefined && key === 'input_encoding') continue;
    if (!ENCODINGS.includes(value as never)) at(key, value === undefined ? `is required (one of ${ENCODINGS.join(', ')})` : `must be one of ${ENCODINGS.join(', ')}`);
  }
  issues.push(...validateJsonCheckKey(step, path, kind));
  if (step.schema_id !== undefined && !schemaIds.has(String(step.schema_id))) {
    at('schema_id', `unknown schema "${String(step.schema_id)}" (declare it in the connector's schemas)`);
  }
  if (typeof step.service_name !== 'string' || !step.service_name) {
    at('service_name', 'is required');
    return issues;
  }
  const provider = providerOf(step.service_name);
  if (!provider) {
    at('service_name', `unknown service "${step.service_name}"`);
    return issues;
  }
  const contribution = registry.get(kind, provider);
  if (!contribution) {
    const offering = registry.providers(kind);
    at('service_name', `service "${step.service_name}" (provider ${provider}) cannot be used as a ${kind} (providers with a ${kind}: ${offering.join(', ') || 'none'})`);
    return issues;
  }
  const definition = contribution.definition as { optionsSchema?: Parameters<OptionsValidator['validate']>[0]; encodings?: readonly string[] };
  if (kind === 'sink' && definition.encodings && typeof step.output_encoding === 'string' && !definition.encodings.includes(step.output_encoding)) {
    at('output_encoding', `the ${provider} sink accepts ${definition.encodings.join(', ')}`);
  }
  const options = step.options ?? {};
  if (!isRecord(options)) at('options', 'must be a table');
  else if (definition.optionsSchema) {
    issues.push(...validator.validate(definition.optionsSchema, options, `${path}.options`));
    step.options = options;
  } else if (Object.keys(options).length > 0) {
    at('options', `the ${provider} ${kind} takes no options`);
  }
  return issues;
}

/**
 * `validate_json` turns off the JSON scan of a pass-through step, so it only means something
 * where bytes pass through as JSON: a source or middleware whose output is json (and, for a
 * source, whose input is json too). Saying it elsewhere is refused rather than ignored, so
 * nobody believes a check is off (or on) when it never ran.
 */
function validateJsonCheckKey(step: Record<string, unknown>, path: string, kind: ContributionKind): ConfigIssue[] {
  const value = step.validate_json;
  if (value === undefined) return [];
  const at = `${path}.validate_json`;
  if (typeof value !== 'boolean') return [{ path: at, message: 'must be true or false' }];
  if (kind === 'sink') return [{ path: at, message: 'applies to the source and middlewares only (a sink writes what they checked)' }];
  const input = kind === 'source' ? (step.input_encoding ?? step.output_encoding) : 'json';
  if (step.output_encoding !== 'json' || input !== 'json') {
    return [{ path: at, message: `only applies when JSON passes through as JSON (${kind === 'source' ? 'input_encoding and ' : ''}output_encoding = "json"); other conversions always parse the payload` }];
  }
  return [];
}

function isInt(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

export type { ConnectorConfig };
