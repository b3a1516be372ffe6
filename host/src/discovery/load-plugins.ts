import { pathToFileURL } from 'node:url';
import semver from 'semver';
import { SDK_VERSION, isMstreamLazyPlugin, isMstreamPlugin, PLUGIN_API_VERSION, type MstreamLazyPlugin, type MstreamPlugin } from '@mstream/sdk';
import type { PluginRecord, PluginRegistry } from '../registry/plugin-registry.js';
import { findPluginPackages, type DiscoveryRoots, type PluginPackage } from './find-plugin-packages.js';
import { resolvePluginEntry } from './resolve-entry.js';

export interface LoadReport {
  loaded: PluginRecord[];
  failed: PluginRecord[];
}

/**
 * Discovers, imports, checks and registers every plugin. Each plugin is isolated: one that
 * fails to import, is not an mstream plugin, targets another SDK or throws in `register` is
 * recorded as failed with the reason, and the others still load.
 */
export async function loadPlugins(registry: PluginRegistry, roots: DiscoveryRoots): Promise<LoadReport> {
  const packages = await findPluginPackages(roots);
  for (const pkg of packages) await loadPluginPackage(registry, pkg);
  const records = registry.list();
  return { loaded: records.filter((r) => r.status === 'loaded'), failed: records.filter((r) => r.status === 'failed') };
}

export async function loadPluginPackage(registry: PluginRegistry, pkg: PluginPackage): Promise<PluginRecord> {
  const meta = { origin: pkg.origin, package: pkg.packageJson.name, dir: pkg.dir };
  const base: PluginRecord = {
    id: pkg.packageJson.name ?? pkg.dir,
    version: pkg.packageJson.version ?? '0.0.0',
    sdk: '',
    status: 'failed',
    provides: [],
    ...meta,
  };
  if (pkg.packageJson.mstream?.apiVersion !== undefined && pkg.packageJson.mstream.apiVersion !== PLUGIN_API_VERSION) {
    return registry.fail(base, 'MS_ERR_PLUGIN_VERSION_MISMATCH',
      `manifest apiVersion ${pkg.packageJson.mstream.apiVersion} is not supported (host supports ${PLUGIN_API_VERSION})`);
  }
  let plugin: unknown;
  try {
    plugin = await importPluginEntry(pkg);
  } catch (error) {
    return registry.fail(base, 'MS_ERR_PLUGIN_INVALID', `cannot import: ${(error as Error).message}`);
  }
  return registerChecked(registry, plugin, meta, base);
}

/**
 * Imports a plugin package's entry and returns its default export. `fresh` (any unique string)
 * is appended as a query so a re-installed package is evaluated again instead of served from
 * the ESM cache; it applies to the entry module only (see docs/plugins.md, "Upgrades").
 */
export async function importPluginEntry(pkg: Pick<PluginPackage, 'dir' | 'packageJson'>, fresh?: string): Promise<unknown> {
  const url = pathToFileURL(resolvePluginEntry(pkg.dir, pkg.packageJson));
  if (fresh) url.searchParams.set('mstream-load', fresh);
  const module = (await import(url.href)) as { default?: unknown };
  return module.default;
}

/** Why a value cannot be registered as a plugin by this host, or undefined when it can. */
export function checkPluginObject(plugin: unknown): { code: 'MS_ERR_PLUGIN_INVALID' | 'MS_ERR_PLUGIN_VERSION_MISMATCH'; message: string } | undefined {
  if (!isMstreamPlugin(plugin) && !isMstreamLazyPlugin(plugin)) return { code: 'MS_ERR_PLUGIN_INVALID', message: 'the default export is not a plugin made with definePlugin() or defineLazyPlugin()' };
  const typed = plugin as MstreamPlugin | MstreamLazyPlugin;
  if (typed.apiVersion !== PLUGIN_API_VERSION) {
    return { code: 'MS_ERR_PLUGIN_VERSION_MISMATCH', message: `plugin object apiVersion ${typed.apiVersion} is not supported (host supports ${PLUGIN_API_VERSION})` };
  }
  if (!semver.validRange(typed.sdk) || !semver.satisfies(SDK_VERSION, typed.sdk, { includePrerelease: true })) {
    return { code: 'MS_ERR_PLUGIN_VERSION_MISMATCH', message: `plugin "${typed.id}" requires SDK ${typed.sdk || '(none declared)'} but this host provides SDK ${SDK_VERSION}` };
  }
  return undefined;
}

/** Checks brand, API version and SDK range, then registers. Also used for in-process plugins. */
export function registerChecked(
  registry: PluginRegistry,
  plugin: unknown,
  meta: Pick<PluginRecord, 'origin' | 'package' | 'dir'>,
  base: PluginRecord = { id: meta.package ?? 'unknown', version: '0.0.0', sdk: '', status: 'failed', provides: [], ...meta },
): PluginRecord {
  if (!isMstreamPlugin(plugin) && !isMstreamLazyPlugin(plugin)) {
    return registry.fail(base, 'MS_ERR_PLUGIN_INVALID', 'the default export is not a plugin made with definePlugin() or defineLazyPlugin()');
  }
  // A lazy plugin is checked the same way; registering it only declares its providers.
  const typed = plugin as MstreamPlugin | MstreamLazyPlugin;
  const record = { ...base, id: typed.id, version: typed.version, sdk: typed.sdk };
  if (typed.apiVersion !== PLUGIN_API_VERSION) {
    return registry.fail(record, 'MS_ERR_PLUGIN_VERSION_MISMATCH',
      `plugin object apiVersion ${typed.apiVersion} is not supported (host supports ${PLUGIN_API_VERSION})`);
  }
  if (!semver.validRange(typed.sdk) || !semver.satisfies(SDK_VERSION, typed.sdk, { includePrerelease: true })) {
    return registry.fail(record, 'MS_ERR_PLUGIN_VERSION_MISMATCH',
      `plugin "${typed.id}" requires SDK ${typed.sdk || '(none declared)'} but this host provides SDK ${SDK_VERSION}`);
  }
  return registry.register(typed, meta);
}

export type { DiscoveryRoots };
