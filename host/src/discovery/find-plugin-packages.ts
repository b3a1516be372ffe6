import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PluginOrigin } from '../registry/plugin-registry.js';

/** A folder whose package.json declares an mstream plugin. */
export interface PluginPackage {
  dir: string;
  origin: PluginOrigin;
  packageJson: PackageJson;
}

export interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  exports?: unknown;
  mstream?: { apiVersion?: number; role?: string; provides?: string[]; entry?: string };
  [key: string]: unknown;
}

export interface DiscoveryRoots {
  /** Folder holding the workspace's first-party plugins (`<repo>/plugins`). */
  workspacePlugins?: string;
  /** node_modules folders to scan for installed plugin packages. */
  nodeModules: string[];
  /** Entries of MSTREAM_PLUGIN_PATH: plugin folders, or folders of plugin folders. */
  pluginPath: string[];
}

/**
 * Finds plugin packages without running any of their code: a package qualifies when its
 * package.json has `mstream.role = "connector-plugin"`. The same real folder found twice (a
 * workspace plugin is also symlinked into node_modules) is reported once, by its first origin.
 */
export async function findPluginPackages(roots: DiscoveryRoots): Promise<PluginPackage[]> {
  const found: PluginPackage[] = [];
  const seen = new Set<string>();
  const consider = async (dir: string, origin: PluginOrigin) => {
    const packageJson = await readPackageJson(dir);
    if (packageJson?.mstream?.role !== 'connector-plugin') return false;
    const real = await realpath(dir);
    if (seen.has(real)) return true;
    seen.add(real);
    found.push({ dir: real, origin, packageJson });
    return true;
  };

  if (roots.workspacePlugins) {
    for (const dir of await subdirectories(roots.workspacePlugins)) await consider(dir, 'workspace');
  }
  for (const nodeModules of roots.nodeModules) {
    for (const dir of await subdirectories(nodeModules)) {
      if (path.basename(dir).startsWith('@')) {
        for (const scoped of await subdirectories(dir)) await consider(scoped, 'package');
      } else {
        await consider(dir, 'package');
      }
    }
  }
  for (const entry of roots.pluginPath) {
    // An entry is either a plugin package itself or a folder of them (Kafka Connect's plugin.path).
    if (await consider(entry, 'plugin-path')) continue;
    for (const dir of await subdirectories(entry)) await consider(dir, 'plugin-path');
  }
  return found;
}

async function readPackageJson(dir: string): Promise<PackageJson | undefined> {
  try {
    const text = await readFile(path.join(dir, 'package.json'), 'utf8');
    // Most of node_modules is not a plugin: skip parsing what cannot declare the role (start-up time).
    if (!text.includes('connector-plugin')) return undefined;
    return JSON.parse(text) as PackageJson;
  } catch {
    return undefined;
  }
}

async function subdirectories(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    const dirs: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() || (entry.isSymbolicLink() && (await stat(full).catch(() => undefined))?.isDirectory())) {
        dirs.push(full);
      }
    }
    return dirs.sort();
  } catch {
    return [];
  }
}
