import type { ConfigIssue, ServiceDefinition, TransactionSupport } from '@mstream/sdk';
import type { PluginRegistry } from '../registry/plugin-registry.js';
import type { ServiceConfig } from './config-types.js';
import { isRecord, serviceOptions } from './validate-service.js';

/** Looks up a service's config by name; undefined when the service does not exist. */
export type ServiceOf = (serviceName: string) => ServiceConfig | undefined;

interface Participant {
  /** `source`, `sinks[1]`: the step's path inside the connector. */
  at: string;
  kind: 'source' | 'sink';
  serviceName: string;
  provider: string;
  pluginId: string;
  scope?: string;
}

/**
 * Why a connector with `delivery = "exactly_once"` cannot have it, one issue per step that cannot
 * honour it (an empty list when every step can). Exactly-once needs one transaction around each
 * batch: a source and sinks of the same plugin that all declare `transactions`, on services of
 * the same `transactionScope` (one system), none of them refusing its options. Steps that already
 * failed validation (unknown service or provider) are left to those issues.
 */
export function exactlyOnceIssues(connector: Record<string, unknown>, path: string, serviceOf: ServiceOf, registry: PluginRegistry): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const refuse = (at: string, message: string) => issues.push({ path: `${path}.${at}`, message: `cannot run exactly_once: ${message}` });

  const participant = (step: unknown, at: string, kind: 'source' | 'sink'): Participant | undefined => {
    if (!isRecord(step) || typeof step.service_name !== 'string') return undefined;
    const service = serviceOf(step.service_name);
    if (!service) return undefined;
    const contribution = registry.get(kind, service.provider);
    if (!contribution) return undefined;
    const support = (contribution.definition as { transactions?: TransactionSupport }).transactions;
    const label = `the ${service.provider} ${kind} (service "${step.service_name}")`;
    if (!support) {
      refuse(at, `${label} cannot commit its ${kind === 'source' ? 'positions' : 'writes'} in a transaction; exactly_once needs a source and sinks that commit together in one system, e.g. Kafka → Kafka topics on one cluster`);
      return undefined;
    }
    const definition = registry.get('service', service.provider)?.definition as ServiceDefinition<Record<string, unknown>> | undefined;
    const config = serviceOptions(service);
    const scope = definition?.transactionScope?.(config);
    if (scope === undefined) {
      refuse(at, `the ${service.provider} service "${step.service_name}" names no transactional system (its plugin declares no transactionScope)`);
      return undefined;
    }
    const options = isRecord(step.options) ? step.options : {};
    const reason = support.refuse?.(options, config);
    if (reason) refuse(at, `${label}: ${reason}`);
    return { at, kind, serviceName: step.service_name, provider: service.provider, pluginId: contribution.pluginId, scope };
  };

  const source = participant(connector.source, 'source', 'source');
  const sinks = Array.isArray(connector.sinks) ? connector.sinks.map((sink, i) => participant(sink, `sinks[${i}]`, 'sink')) : [];
  if (!source) return issues;
  for (const sink of sinks) {
    if (!sink) continue;
    if (sink.pluginId !== source.pluginId) {
      refuse(sink.at, `the ${sink.provider} sink (service "${sink.serviceName}") cannot write in the transaction of the ${source.provider} source: exactly_once needs every sink in the source's system`);
    } else if (sink.scope !== source.scope) {
      refuse(
        sink.at,
        `service "${sink.serviceName}" (${sink.scope}) is not on the same ${source.provider} system as the source's service "${source.serviceName}" (${source.scope}); one transaction cannot span two clusters`,
      );
    }
  }
  return issues;
}
