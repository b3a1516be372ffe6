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
  CollectionWorkspaceStore,
} from './collection-stores.js';
import { META_RESOURCE, type VersionedCollection } from './collection-format.js';
import type { Stores } from './store-types.js';

type Section = 'job_lifecycle' | 'service_lifecycle' | 'checkpoints' | 'test_suites' | 'workspaces' | 'dead_letters' | 'leases';

const DEFAULT_RESOURCES: Record<Section, string> = {
  job_lifecycle: 'mstream_jobs',
  service_lifecycle: 'mstream_services',
  checkpoints: 'mstream_checkpoints',
  test_suites: 'mstream_test_suites',
  workspaces: 'mstream_workspaces',
  dead_letters: 'mstream_dead_letters',
  leases: 'mstream_leases',
};

// Sections that follow the job store's service unless they name their own.
const BESIDE_JOBS = new Set<Section>(['dead_letters', 'leases']);

/** A section's collection on a system service, and how to open more on the same service. */
export interface OpenedSection {
  service: string;
  resource: string;
  collection: SystemCollection;
  open(resource: string): Promise<SystemCollection>;
}

export interface SystemCollections {
  sections: Map<Section, OpenedSection>;
  /** Closes the connections it opened. */
  close(): Promise<void>;
  /** Rejects when a system store's service does not answer its own health check (readiness). */
  check(signal: AbortSignal): Promise<void>;
}

/**
 * Connects the services that `[system.*]` sections name and opens their collections, writing
 * nothing (the store formats are checked before anything is). System services are connected
 * straight from the config file, because the service store may itself live on one of them. Dead
 * letters and leases follow `[system.dead_letters]` and `[system.leases]`, or else live next to
 * the jobs (leases only exist when the jobs are shared).
 */
export async function connectSystemCollections(
  config: MstreamConfig,
  registry: PluginRegistry,
  scopes: PluginScopes,
  logger: Logger,
): Promise<SystemCollections> {
  const system = config.system as Record<string, { service_name?: string; resource?: string } | undefined>;
  const handles = new Map<string, { handle: unknown; close?: () => Promise<void>; check?: (signal: AbortSignal) => Promise<void> }>();
  const sections = new Map<Section, OpenedSection>();
  const close = async () => {
    for (const { close } of handles.values()) await close?.().catch(() => undefined);
  };
  const open = async (section: Section): Promise<void> => {
    let entry = system[section];
    if (!entry?.service_name && BESIDE_JOBS.has(section) && system.job_lifecycle?.service_name) {
      entry = { service_name: system.job_lifecycle.service_name, resource: entry?.resource ?? DEFAULT_RESOURCES[section] };
    }
    if (!entry?.service_name) return;
    const service = config.services.find((s) => s.name === entry!.service_name) as ServiceConfig | undefined;
    const path = `system.${section}.service_name`;
    if (!service) throw new ConfigValidationError([{ path, message: `system service "${entry.service_name}" must be declared in this file's [[services]]` }]);
    const store = registry.get('store', service.provider);
    if (!store) {
      throw new ConfigValidationError([{ path, message: `provider "${service.provider}" cannot hold system state (providers that can: ${registry.providers('store').join(', ') || 'none'})` }]);
    }
    const resource = entry.resource ?? DEFAULT_RESOURCES[section];
    if (resource === META_RESOURCE) throw new ConfigValidationError([{ path: `system.${section}.resource`, message: `"${META_RESOURCE}" holds the store format markers; choose another name` }]);
    const context = scopes.context(store.pluginId, { service: service.name });
    let connected = handles.get(service.name);
    if (!connected) {
      const definition = registry.get('service', service.provider)!.definition;
      const handle = await definition.connect(serviceOptions(service), context);
      connected = { handle, close: definition.close ? () => definition.close!(handle) : undefined, check: definition.check ? (signal: AbortSignal) => definition.check!(handle, signal) : undefined };
      handles.set(service.name, connected);
    }
    const handle = connected.handle;
    const openOn = async (name: string) => store.definition.create(handle, name, context);
    logger.info({ section: `system.${section}`, service: service.name, resource }, 'system store on a service');
    sections.set(section, { service: service.name, resource, collection: await openOn(resource), open: openOn });
  };
  try {
    for (const section of ['job_lifecycle', 'service_lifecycle', 'checkpoints', 'test_suites', 'workspaces', 'dead_letters'] as const) await open(section);
    if (sections.has('job_lifecycle')) await open('leases');
  } catch (error) {
    await close();
    throw error;
  }
  return {
    sections,
    close,
    check: async (signal: AbortSignal) => {
      await Promise.all([...handles.values()].map(({ check }) => check?.(signal)));
    },
  };
}

/** The sections whose record layout the store format covers, each with its service's meta collection. */
export async function versionedCollections(system: SystemCollections): Promise<VersionedCollection[]> {
  const metas = new Map<string, Promise<SystemCollection>>();
  const out: VersionedCollection[] = [];
  for (const [section, opened] of system.sections) {
    if (section === 'leases') continue;
    let meta = metas.get(opened.service);
    if (!meta) metas.set(opened.service, (meta = opened.open(META_RESOURCE)));
    out.push({ section, ...opened, meta: await meta });
  }
  return out;
}

/** Replaces embedded stores with service-backed ones where a section is on a service. */
export function buildSystemStores(system: SystemCollections, embedded: Stores, box: SecretBox, logger: Logger): Stores {
  const on = (section: Section) => system.sections.get(section)?.collection;
  const jobs = on('job_lifecycle');
  const services = on('service_lifecycle');
  const checkpoints = on('checkpoints');
  const testSuites = on('test_suites');
  const workspaces = on('workspaces');
  const deadLetters = on('dead_letters');
  const leaseCollection = on('leases');
  const leases = leaseCollection?.tryLease && leaseCollection.releaseLease ? new CollectionLeaseStore(leaseCollection as ConstructorParameters<typeof CollectionLeaseStore>[0]) : undefined;
  if (jobs && !leases) logger.warn({ section: 'system.job_lifecycle' }, 'the job store offers no leases: exclusive jobs (change streams) run on every host that shares it');
  return {
    leases,
    jobs: jobs ? new CollectionJobStore(jobs) : embedded.jobs,
    services: services ? new CollectionServiceStore(services, box) : embedded.services,
    checkpoints: checkpoints ? new CollectionCheckpointStore(checkpoints) : embedded.checkpoints,
    testSuites: testSuites ? new CollectionTestSuiteStore(testSuites) : embedded.testSuites,
    workspaces: workspaces ? new CollectionWorkspaceStore(workspaces) : embedded.workspaces,
    deadLetters: deadLetters ? new CollectionDeadLetterStore(deadLetters) : embedded.deadLetters,
    close: embedded.close,
  };
}
