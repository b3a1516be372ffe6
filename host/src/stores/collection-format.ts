import type { Logger, SystemCollection } from '@mstream/sdk';
import { RECORD_KEY } from './collection-stores.js';
import { backupStamp, marker, readMarker, upgradePath, type FoundFormat, type StoreFormats, type StoreMigration, type VersionedSection } from './store-format.js';

/**
 * One collection per system service holds the format markers, one document per resource
 * (`store-format:<resource>`): a marker inside the store's own collection would show up in its
 * `list()`, and per resource (not per service) because deployments may share a database under
 * different resource names and upgrade at different times.
 */
export const META_RESOURCE = 'mstream_meta';
const MIGRATION_LEASE_MS = 10 * 60_000;
const COPY_BATCH = 500;

export interface VersionedCollection {
  section: VersionedSection;
  service: string;
  resource: string;
  collection: SystemCollection;
  /** The service's META_RESOURCE collection. */
  meta: SystemCollection;
  /** Opens another collection on the same service (the backup). */
  open(resource: string): Promise<SystemCollection>;
}

export interface CollectionFormat {
  target: VersionedCollection;
  found: FoundFormat;
  steps: StoreMigration[];
  formats: StoreFormats;
}

/** Reads the collection's marker and plans the upgrade, writing nothing; throws when this host cannot open it. */
export async function checkCollectionFormat(target: VersionedCollection, formats: StoreFormats, hostVersion: string): Promise<CollectionFormat> {
  const path = `system.${target.section}`;
  const what = `collection ${target.resource} on service ${target.service}`;
  const raw = await target.meta.get(markerKey(target.resource));
  // No marker is format 1 even for an empty collection: SystemCollection cannot tell empty
  // cheaply (no count), and migrating an empty collection costs nothing.
  const stored = raw ? readMarker(raw, path, what) : undefined;
  const found: FoundFormat = { path, what, format: stored?.format ?? 1, marker: stored };
  return { target, found, steps: upgradePath(found, formats, hostVersion), formats };
}

/**
 * Records the format, or migrates under a lease in the meta collection (hosts sharing the service
 * may start together): copies the records to `<resource>_backup_format_<N>_<time>` first, runs
 * each step and records its format, and puts the records back when a step fails.
 */
export async function applyCollectionFormat(plan: CollectionFormat, hostVersion: string, hostId: string, logger: Logger): Promise<void> {
  const { target } = plan;
  const key = markerKey(target.resource);
  const log = { section: `system.${target.section}`, service: target.service, resource: target.resource };
  const record = (format: number) => target.meta.put(key, { ...marker(format, hostVersion), resource: target.resource });
  if (plan.steps.length === 0) {
    if (!plan.found.marker) {
      await record(plan.found.format);
      logger.info({ ...log, store_format: plan.found.format }, `recorded store format ${plan.found.format} in ${META_RESOURCE}`);
    }
    return;
  }
  const lease = `store-format-migration:${target.resource}`;
  if (target.meta.tryLease) {
    if (!(await target.meta.tryLease(lease, hostId, MIGRATION_LEASE_MS))) {
      throw new Error(`another host is migrating ${plan.found.what} to store format ${plan.formats.current}; start this host again once it has finished`);
    }
  } else {
    logger.warn(log, 'this system store offers no leases: no other host may start on it while this one migrates it');
  }
  try {
    // Read again under the lease: another host may have migrated it meanwhile.
    const { found, steps } = await checkCollectionFormat(target, plan.formats, hostVersion);
    if (steps.length) await migrate(target, found, steps, record, logger, log);
  } finally {
    await target.meta.releaseLease?.(lease, hostId);
  }
}

async function migrate(
  target: VersionedCollection, found: FoundFormat, steps: StoreMigration[],
  record: (format: number) => Promise<void>, logger: Logger, log: Record<string, string>,
): Promise<void> {
  const to = found.format + steps.length;
  const keyOf = RECORD_KEY[target.section];
  const records = await target.collection.list();
  const backup = `${target.resource}_backup_format_${found.format}_${backupStamp()}`;
  if (records.length) await copy(records, await target.open(backup), keyOf);
  logger.info({ ...log, from: found.format, to, backup: records.length ? backup : undefined, records: records.length }, `backed up ${found.what} (format ${found.format}) before migrating it to format ${to}`);
  try {
    for (const step of steps) {
      await step.collection({ section: target.section, collection: target.collection, keyOf });
      await record(step.from + 1);
      logger.info({ ...log, from: step.from, to: step.from + 1 }, `migrated ${found.what}: ${step.summary}`);
    }
  } catch (error) {
    await target.collection.deleteWhere({});
    await copy(records, target.collection, keyOf);
    if (found.marker) await target.meta.put(markerKey(target.resource), { ...found.marker, resource: target.resource });
    else await target.meta.delete(markerKey(target.resource));
    throw new Error(`migrating ${found.what} from store format ${found.format} to ${to} failed (${(error as Error).message}); its records were put back${records.length ? ` (a copy stays in ${backup})` : ''}`);
  }
}

async function copy(records: Array<Record<string, unknown>>, into: SystemCollection, keyOf: (r: Record<string, unknown>) => string): Promise<void> {
  for (let i = 0; i < records.length; i += COPY_BATCH) {
    await into.putMany(records.slice(i, i + COPY_BATCH).map((r) => [keyOf(r), r]));
  }
}

const markerKey = (resource: string) => `store-format:${resource}`;
