import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_DIR_LAYOUT } from '../config/data-dir-layout.js';

/** The host's plugin folder: an npm project of its own, never the host's dependencies. */
export interface PluginFolderPaths {
  /** `<data>/plugins`: holds package.json, package-lock.json and node_modules. */
  root: string;
  /** `<data>/plugins/node_modules`, scanned by discovery at every start. */
  nodeModules: string;
  /** Copies of installed tarballs and packed folders, so the saved `file:` specs stay valid. */
  tarballs: string;
}

interface FolderPackageJson {
  name: string;
  private: true;
  description: string;
  dependencies: Record<string, string>;
}

const SDK_NAME = '@mstream/sdk';

export function pluginFolderPaths(dataDir: string): PluginFolderPaths {
  const root = path.join(dataDir, DATA_DIR_LAYOUT.plugins);
  return { root, nodeModules: path.join(root, 'node_modules'), tarballs: path.join(root, 'tarballs') };
}

/**
 * The folder of the SDK this host runs with. Installed plugins declare the SDK as a peer
 * dependency; the plugin folder depends on this folder (`file:`, which npm links), so every
 * plugin resolves the host's own copy and never a second one.
 */
export function hostSdkDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.resolve(SDK_NAME)));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === SDK_NAME) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of ${SDK_NAME}`);
    dir = parent;
  }
}

/**
 * Creates the plugin folder's package.json when missing and points its SDK dependency at this
 * host's SDK (rewritten at every call, so a moved or upgraded host keeps plugins on its SDK).
 */
export async function ensurePluginFolder(paths: PluginFolderPaths): Promise<void> {
  await mkdir(paths.tarballs, { recursive: true });
  const current = await readFolderPackageJson(paths);
  const sdk = `file:${await realpath(hostSdkDir())}`;
  if (current.dependencies[SDK_NAME] === sdk && existsSync(path.join(paths.root, 'package.json'))) return;
  current.dependencies[SDK_NAME] = sdk;
  await writeFolderPackageJson(paths, current);
}

export async function readFolderPackageJson(paths: PluginFolderPaths): Promise<FolderPackageJson> {
  const fallback: FolderPackageJson = {
    name: 'mstream-installed-plugins',
    private: true,
    description: 'Plugins installed by `mstream plugins add` / POST /plugins. Managed by mstream; do not add other packages.',
    dependencies: {},
  };
  try {
    const parsed = JSON.parse(await readFile(path.join(paths.root, 'package.json'), 'utf8')) as Partial<FolderPackageJson>;
    return { ...fallback, ...parsed, private: true, dependencies: { ...parsed.dependencies } };
  } catch {
    return fallback;
  }
}

async function writeFolderPackageJson(paths: PluginFolderPaths, value: FolderPackageJson): Promise<void> {
  await writeFile(path.join(paths.root, 'package.json'), `${JSON.stringify(value, null, 2)}\n`);
}

/** Package names installed through the admin (the folder's dependencies minus the SDK link). */
export async function installedPackages(paths: PluginFolderPaths): Promise<Record<string, string>> {
  const { dependencies } = await readFolderPackageJson(paths);
  return Object.fromEntries(Object.entries(dependencies).filter(([name]) => name !== SDK_NAME));
}

/** The two files that fully describe the folder's install state, for rolling a failed add back. */
export async function snapshotFolder(paths: PluginFolderPaths): Promise<() => Promise<void>> {
  const files = ['package.json', 'package-lock.json'];
  const saved = await Promise.all(files.map((f) => readFile(path.join(paths.root, f), 'utf8').catch(() => undefined)));
  return async () => {
    for (const [i, f] of files.entries()) {
      const content = saved[i];
      if (content !== undefined) await writeFile(path.join(paths.root, f), content);
    }
  };
}
