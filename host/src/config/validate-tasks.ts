import type { ConfigIssue } from '@mstream/sdk';
import type { PluginRegistry } from '../registry/plugin-registry.js';
import type { ServiceOf } from './validate-delivery.js';
import { isRecord } from './validate-service.js';

/** Most worker threads one job may ask for: beyond that, run more hosts. */
export const MAX_TASKS = 64;

/**
 * Why a connector cannot have its `tasks` (an empty list when it can). `tasks = N > 1` runs N
 * readers of the job on this host, so it needs a source whose readers share the work
 * (`SourceDefinition.tasks`, a Kafka consumer group): any other source would deliver every event
 * N times. It is refused with exactly-once, whose transactional id is one per host and job (a
 * second task's producer would fence the first's).
 */
export function tasksIssues(connector: Record<string, unknown>, path: string, serviceOf: ServiceOf, registry: PluginRegistry): ConfigIssue[] {
  const tasks = connector.tasks;
  if (tasks === undefined) return [];
  const at = `${path}.tasks`;
  if (typeof tasks !== 'number' || !Number.isInteger(tasks) || tasks < 1 || tasks > MAX_TASKS) {
    return [{ path: at, message: `must be an integer from 1 to ${MAX_TASKS}` }];
  }
  if (tasks === 1) return [];
  const job = typeof connector.name === 'string' ? `job "${connector.name}"` : 'the job';
  const issues: ConfigIssue[] = [];
  if (connector.delivery === 'exactly_once') {
    issues.push({
      path: at,
      message: `${job} cannot run tasks = ${tasks} with delivery = "exactly_once": its transactional id is one per host and job, so each task's producer would fence the other's; use tasks = 1, or at_least_once`,
    });
  }
  const source = isRecord(connector.source) && typeof connector.source.service_name === 'string' ? connector.source : undefined;
  const service = source ? serviceOf(String(source.service_name)) : undefined;
  // An unknown service or provider is reported by the source step's own checks.
  const definition = service ? registry.get('source', service.provider)?.definition : undefined;
  if (service && definition && definition.tasks !== true) {
    issues.push({
      path: at,
      message: `${job} cannot run tasks = ${tasks}: the ${service.provider} source (service "${String(source!.service_name)}") would give every task every event; tasks > 1 needs a source whose readers share the work, such as a Kafka source (its consumer group spreads the partitions)`,
    });
  }
  return issues;
}
