import { cp, mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@mstream/sdk';
import { DATA_DIR_LAYOUT as LAYOUT, STORE_BACKUP_PREFIX } from '../config/data-dir-layout.js';
import { writeFileAtomic } from './atomic-file.js';
import { backupStamp, marker, readMarker, upgradePath, type FoundFormat, type StoreFormats, type StoreMigration } from './store-format.js';

/**
 * What the format describes and a backup copies: the store files. Not the key (a migration never
 * touches it, and a second copy of it is one more place to leak it from), nor installed plugins
 * or plugin data (plugins own their layout).
 */
const STORE_ENTRIES = [LAYOUT.jobs, LAYOUT.services, LAYOUT.checkpoints, LAYOUT.testSuites, LAYOUT.workspaces, LAYOUT.deadLetters];

export interface EmbeddedFormat {
  dataDir: string;
  found: FoundFormat;
  /** Migrations still to run; empty when the store is current. */
  steps: StoreMigration[];
}

/** Reads the data folder's format and plans the upgrade, writing nothing; throws when this host cannot open it. */
export async function checkEmbeddedFormat(dataDir: string, formats: StoreFormats, hostVersion: string): Promise<EmbeddedFormat> {
  const what = `the data folder ${dataDir}`;
  const raw = await readFile(path.join(dataDir, LAYOUT.storeFormat), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  let found: FoundFormat;
  if (raw !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    const stored = readMarker(parsed, 'data_dir', what);
    found = { path: 'data_dir', what, format: stored.format, marker: stored };
  } else {
    // No marker: store files mean a store from before formats were recorded (format 1); none, a new store.
    const existing = await present(dataDir, STORE_ENTRIES);
    found = { path: 'data_dir', what, format: existing.length ? 1 : formats.current };
  }
  return { dataDir, found, steps: upgradePath(found, formats, hostVersion) };
}

/**
 * Records the format, or migrates: copies the store files to `backup-format-<N>-<time>/` first,
 * runs each step and records its format as it completes (so a crash resumes at the step it was
 * in), and puts the backup back when a step fails. Logs what it did.
 */
export async function applyEmbeddedFormat(plan: EmbeddedFormat, hostVersion: string, logger: Logger): Promise<void> {
  const { dataDir, found, steps } = plan;
  const record = (format: number) => writeFileAtomic(path.join(dataDir, LAYOUT.storeFormat), `${JSON.stringify(marker(format, hostVersion), null, 2)}\n`, 0o600);
  if (steps.length === 0) {
    if (!found.marker) {
      await record(found.format);
      logger.info({ data_dir: dataDir, store_format: found.format }, `recorded store format ${found.format} in ${LAYOUT.storeFormat}`);
    }
    return;
  }
  const to = found.format + steps.length;
  const backup = path.join(dataDir, `${STORE_BACKUP_PREFIX}${found.format}-${backupStamp()}`);
  await mkdir(backup, { recursive: true, mode: 0o700 });
  const saved = await present(dataDir, [...STORE_ENTRIES, LAYOUT.storeFormat]);
  for (const entry of saved) await cp(path.join(dataDir, entry), path.join(backup, entry), { recursive: true, preserveTimestamps: true });
  logger.info({ data_dir: dataDir, from: found.format, to, backup }, `backed up the embedded store (format ${found.format}) before migrating it to format ${to}`);
  try {
    for (const step of steps) {
      await step.embedded(dataDir);
      await record(step.from + 1);
      logger.info({ data_dir: dataDir, from: step.from, to: step.from + 1 }, `migrated the embedded store: ${step.summary}`);
    }
  } catch (error) {
    for (const entry of [...STORE_ENTRIES, LAYOUT.storeFormat]) {
      await rm(path.join(dataDir, entry), { recursive: true, force: true });
      if (saved.includes(entry)) await cp(path.join(backup, entry), path.join(dataDir, entry), { recursive: true, preserveTimestamps: true });
    }
    throw new Error(`migrating the embedded store from format ${found.format} to ${to} failed (${(error as Error).message}); its files were put back from ${backup}, which is kept`);
  }
}

async function present(dir: string, entries: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const entry of entries) {
    if (await stat(path.join(dir, entry)).then(() => true, () => false)) found.push(entry);
  }
  return found;
}
