/**
 * What the host itself keeps in its data folder. These names are the host's state, not room for
 * connectors: the files root (files-root.ts) refuses any path option that is the data folder
 * itself or lies inside one of these, even when the files root contains the data folder (its
 * default), because a `file` service or a UDF script folder there could read the key or rewrite
 * an installed plugin. The stores (file-stores.ts), the plugin folder (plugin-folder.ts), plugin
 * scopes (`plugin-data/<id>`), the key file (`mstream.key`, host.ts) and the audit log use these
 * names; a new file the host keeps in its data folder belongs in this list.
 */
export const DATA_DIR_LAYOUT = {
  key: 'mstream.key',
  jobs: 'jobs.json',
  services: 'services.json',
  checkpoints: 'checkpoints.json',
  testSuites: 'test-suites.json',
  workspaces: 'workspaces.json',
  deadLetters: 'dead-letters',
  plugins: 'plugins',
  pluginData: 'plugin-data',
  audit: 'audit.log',
  /** The embedded store's format marker (embedded-format.ts). */
  storeFormat: 'store-format.json',
  /** This host's identity across restarts, when MSTREAM_HOST_ID is not set (stable-host-id.ts). */
  hostId: 'host-id',
} as const;

/** Copies of the store taken before a format migration: `backup-format-<N>-<timestamp>/`. */
export const STORE_BACKUP_PREFIX = 'backup-format-';

const RESERVED: readonly string[] = Object.values(DATA_DIR_LAYOUT);

/**
 * True when `entry` (the first segment of a path inside the data folder) is host state: one of
 * the names above, a temp file the atomic writes make beside one (`jobs.json.<pid>.<t>.tmp`), or
 * a store backup (it holds the services file and every checkpoint).
 */
export function isHostStateEntry(entry: string): boolean {
  return entry.startsWith(STORE_BACKUP_PREFIX) || RESERVED.some((name) => entry === name || entry.startsWith(`${name}.`));
}
