import { ConfigValidationError, type Logger, type SystemCollection } from '@mstream/sdk';
import type { MstreamConfig, ServiceConfig } from '../config/config-types.js';
import { serviceOptions } from '../config/validate-service.js';
import type { PluginRegistry } from '../registry/plugin-registry.js';
import type { PluginScopes } from '../registry/plugin-scopes.js';
import type { SecretBox } from '../services/encryption.js';
import {
  CollectionCheckpointStore,
  CollectionDeadLetterStore,
  CollectionJobStore,
  CollectionLeaseStore,
  CollectionServiceStore,
  CollectionTestSuiteStore,
} from './collection-stores.js';
import type { Stores } from './store-types.js';

type Section = 'job_lifecycle' | 'service_lifecycle' | 'checkpoints' | 'test_suites' | 'dead_letters' | 'leases';

const DEFAULT_RESOURCES: Record<Section, string> = {
  job_lifecycle: 'mstream_jobs',
  service_lifecycle: 'mstream_services',
  checkpoints: 'mstream_checkpoints',
  test_suites: 'mstream_test_suites',
  dead_letters: 'mstream_dead_letters',
  leases: 'mstream_leases',
};

// Sections that follow the job store's service unless they name their own.
const BESIDE_JOBS = new Set<Section>(['dead_letters', 'leases']);

/**
 * Replaces embedded stores with service-backed ones where a `[system.*]` section names a service.
 * System services are connected straight from the config file, because the service store may
 * itself live on one of them. Dead letters and leases follow `[system.dead_letters]` and
 * `[system.leases]`, or else live next to the jobs (leases only exist when the jobs are shared).
 * Returns the stores and a function closing the connections it opened.
 */
export async function openSystemStores(
  config: MstreamConfig,
  embedded: Stores,
  box: SecretBox,
  registry: PluginRegistry,
  scopes: PluginScopes,
  logger: Logger,
): Promise<{ stores: Stores; close: () => Promise<void>; check: (signal: AbortSignal) => Promise<void> }> {
  const system = config.system as Record<string, { service_name?: string; resource?: string } | undefined>;
  const handles = new Map<string, { handle: unknown; close?: () => Promise<void>; check?: (signal: AbortSignal) => Promise<void> }>();
  const collection = async (section: Section): Promise<SystemCollection | undefined> => {
    let entry = system[section];
    if (!entry?.service_name && BESIDE_JOBS.has(section) && system.job_lifecycle?.service_name) {
      entry = { service_name: system.job_lifecycle.service_name, resource: entry?.resource ?? DEFAULT_RESOURCES[section] };
    }
    if (!entry?.service_name) return undefined;
    const service = config.services.find((s) => s.name === entry!.service_name) as ServiceConfig | undefined;
    const path = `system.${section}.service_name`;
    if (!service) throw new ConfigValidationError([{ path, message: `system service "${entry.service_name}" must be declared in this file's [[services]]` }]);
    const store = registry.get('store', service.provider);
    if (!store) {
      throw new ConfigValidationError([{ path, message: `provider "${service.provider}" cannot hold system state (providers that can: ${registry.providers('store').join(', ') || 'none'})` }]);
    }
    const context = scopes.context(store.pluginId, { service: service.name });
    let connected = handles.get(service.name);
    if (!connected) {
      const definition = registry.get('service', service.provider)!.definition;
      const handle = await definition.connect(serviceOptions(service), context);
      connected = { handle, close: definition.close ? () => definition.close!(handle) : undefined, check: definition.check ? (signal: AbortSignal) => definition.check!(handle, signal) : undefined };
      handles.set(service.name, connected);
    }
    logger.info({ section: `system.${section}`, service: service.name, resource: entry.resource ?? DEFAULT_RESOURCES[section] }, 'system store on a service');
    return store.definition.create(connected.handle, entry.resource ?? DEFAULT_RESOURCES[section], context);
  };

  const jobs = await collection('job_lifecycle');
  const services = await collection('service_lifecycle');
  const checkpoints = await collection('checkpoints');
  const testSuites = await collection('test_suites');
  const deadLetters = await collection('dead_letters');
  const leaseCollection = jobs ? await collection('leases') : undefined;
  const leases = leaseCollection?.tryLease && leaseCollection.releaseLease ? new CollectionLeaseStore(leaseCollection as ConstructorParameters<typeof CollectionLeaseStore>[0]) : undefined;
  if (jobs && !leases) logger.warn({ section: 'system.job_lifecycle' }, 'the job store offers no leases: exclusive jobs (change streams) run on every host that shares it');
  return {
    stores: {
      leases,
      jobs: jobs ? new CollectionJobStore(jobs) : embedded.jobs,
      services: services ? new CollectionServiceStore(services, box) : embedded.services,
      checkpoints: checkpoints ? new CollectionCheckpointStore(checkpoints) : embedded.checkpoints,
      testSuites: testSuites ? new CollectionTestSuiteStore(testSuites) : embedded.testSuites,
      deadLetters: deadLetters ? new CollectionDeadLetterStore(deadLetters) : embedded.deadLetters,
      close: embedded.close,
    },
    close: async () => {
      for (const { close } of handles.values()) await close?.().catch(() => undefined);
    },
    /** Rejects when a system store's service does not answer its own health check (readiness). */
    check: async (signal: AbortSignal) => {
      await Promise.all([...handles.values()].map(({ check }) => check?.(signal)));
    },
  };
}
