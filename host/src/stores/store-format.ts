import { ConfigValidationError, type SystemCollection } from '@mstream/sdk';

/**
 * The layout of the host's stored records, one number for the embedded files and the system
 * collections alike: a migration that changes a record's shape has to say what it does to both.
 * Format 1 is the layout every host wrote before formats were recorded, so a store without a
 * marker is format 1. Bump this only together with a migration from the previous format below.
 */
export const STORE_FORMAT = 1;

/** What a store records about itself (`store-format.json`; a document in the meta collection). */
export interface FormatMarker {
  format: number;
  /** The mstream version that created the store in this format or migrated it to it. */
  written_by: string;
  written_at: string;
}

/** The `[system.*]` sections whose records the host shapes (leases belong to the plugin's tryLease). */
export type VersionedSection = 'job_lifecycle' | 'service_lifecycle' | 'checkpoints' | 'test_suites' | 'workspaces' | 'dead_letters';

/** One system collection as a migration sees it: SystemCollection values carry no key, so `keyOf` gives it. */
export interface SectionRecords {
  section: VersionedSection;
  collection: SystemCollection;
  keyOf(record: Record<string, unknown>): string;
}

/**
 * Upgrades a store from format `from` to `from + 1`. The backup is taken before either hook runs.
 * A crash mid-step leaves the store marked `from`, so the next start runs the step again over
 * what it half did: write each hook so that running it twice gives the same result.
 */
export interface StoreMigration {
  from: number;
  /** One line for the log: what changes. */
  summary: string;
  /** Rewrites the store files in the data folder. */
  embedded(dataDir: string): Promise<void>;
  /** Rewrites one section's collection on a system service. */
  collection(records: SectionRecords): Promise<void>;
}

export interface StoreFormats {
  current: number;
  /** Exactly one migration from every format below `current` that a store may be found in. */
  migrations: readonly StoreMigration[];
}

/** Empty while format 1 is the only one: the machinery is in place for the first change. */
export const STORE_MIGRATIONS: readonly StoreMigration[] = [];

export const CURRENT_FORMATS: StoreFormats = { current: STORE_FORMAT, migrations: STORE_MIGRATIONS };

/** Where a store was found and what it says, for messages. */
export interface FoundFormat {
  /** Config path the problem is reported under (`data_dir`, `system.checkpoints`). */
  path: string;
  /** What the store is, for people: `the data folder /srv/data`, `collection mstream_jobs`. */
  what: string;
  format: number;
  marker?: FormatMarker;
}

/**
 * The migrations that take `found` to the current format, in order. Refuses (a config error, exit
 * code 2 from the CLI) a store newer than this host or one no migration chain reaches, before
 * anything is written, naming the store's format and writer and this host's.
 */
export function upgradePath(found: FoundFormat, formats: StoreFormats, hostVersion: string): StoreMigration[] {
  const writer = found.marker ? `mstream ${found.marker.written_by}` : 'an unknown mstream';
  if (found.format > formats.current) {
    throw new ConfigValidationError([{
      path: found.path,
      message: `${found.what} is in store format ${found.format} (written by ${writer}), but this host (mstream ${hostVersion}) knows store formats up to ${formats.current}: run mstream ${found.marker?.written_by ?? 'of that version'} or newer, or restore the backup in the older format that the upgrade took (see "Store format versions" in docs/runtime.md)`,
    }]);
  }
  const steps: StoreMigration[] = [];
  for (let from = found.format; from < formats.current; from++) {
    const step = formats.migrations.find((m) => m.from === from);
    if (!step) {
      throw new ConfigValidationError([{ path: found.path, message: `${found.what} is in store format ${found.format} (written by ${writer}); mstream ${hostVersion} has no migration from format ${from} to ${from + 1}` }]);
    }
    steps.push(step);
  }
  return steps;
}

export function marker(format: number, hostVersion: string): FormatMarker {
  return { format, written_by: hostVersion, written_at: new Date().toISOString() };
}

/** Reads a stored marker, refusing one without a format number rather than guessing its layout. */
export function readMarker(raw: unknown, path: string, what: string): FormatMarker {
  const record = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const format = record.format;
  if (typeof format !== 'number' || !Number.isInteger(format) || format < 0) {
    throw new ConfigValidationError([{ path, message: `${what} has a store format marker without a valid "format" number; fix or remove it (no marker means format 1)` }]);
  }
  return { format, written_by: String(record.written_by ?? 'unknown'), written_at: String(record.written_at ?? '') };
}

/** `2024-05-01T10-20-30-123Z`: sortable and valid in file and collection names. */
export function backupStamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}
