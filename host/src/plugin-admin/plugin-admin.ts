import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { ConflictError, MstreamError, NotFoundError, type Logger, type MstreamLazyPlugin, type MstreamPlugin } from '@mstream/sdk';
import type { FilesRoot } from '../config/files-root.js';
import type { PackageJson } from '../discovery/find-plugin-packages.js';
import { checkPluginObject, importPluginEntry } from '../discovery/load-plugins.js';
import type { PluginRecord, PluginRegistry } from '../registry/plugin-registry.js';
import type { JobManager } from '../runtime/job-manager.js';
import { servicesOf } from '../runtime/job-manager.js';
import type { ServiceManager } from '../services/service-manager.js';
import { checkManifest } from './check-manifest.js';
import { runNpm } from './npm-command.js';
import { resolveSpec } from './package-spec.js';
import { ensurePluginFolder, installedPackages, pluginFolderPaths, snapshotFolder, type PluginFolderPaths } from './plugin-folder.js';
import { searchRegistry, type MarketplaceEntry } from './registry-search.js';

/** The public npm registry, used when neither MSTREAM_PLUGIN_REGISTRY nor an option names one. */
export const DEFAULT_PLUGIN_REGISTRY = 'https://registry.npmjs.org/';

export interface PluginAdminOptions {
  dataDir: string;
  registry: PluginRegistry;
  logger: Logger;
  /** npm registry for installs and search. Default MSTREAM_PLUGIN_REGISTRY, else the npm registry. */
  npmRegistry?: string;
  /** Present in a running host: used to refuse removing a plugin that running jobs use. */
  jobs?: JobManager;
  /** Present in a running host: the plugin's open service handles are closed before it goes. */
  services?: ServiceManager;
  /** Whether the API requires a token; install/remove over the API are refused without one. */
  apiTokenConfigured?: boolean;
  /**
   * Present in a running host (installs come over the API): a local .tgz or folder spec must lie
   * inside it, and relative specs resolve against it. Absent for `mstream plugins add` on the
   * host machine, where the operator's shell decides and specs resolve against the cwd.
   */
  filesRoot?: FilesRoot;
}

/** What an install reports: the plugin as `GET /plugins` lists it, plus what it replaced. */
export type InstallResult = PluginRecord & { replaced_version?: string };

/**
 * Installs, upgrades and removes plugins in the host's plugin folder (`<data>/plugins`, an npm
 * project of its own) and (un)registers them in the running registry, so a plugin is usable
 * without a restart. Every add is all-or-nothing: a package that fails a check is uninstalled
 * again and the previous version, if any, is put back. Operations run one at a time.
 */
export class PluginAdmin {
  readonly paths: PluginFolderPaths;
  readonly npmRegistry: string;
  readonly apiTokenConfigured: boolean;
  private queue: Promise<unknown> = Promise.resolve();
  private loads = 0;

  constructor(private readonly options: PluginAdminOptions) {
    this.paths = pluginFolderPaths(options.dataDir);
    this.npmRegistry = options.npmRegistry ?? process.env.MSTREAM_PLUGIN_REGISTRY ?? DEFAULT_PLUGIN_REGISTRY;
    this.apiTokenConfigured = options.apiTokenConfigured ?? false;
  }

  /** Installs `spec` (name[@version], .tgz file or folder), checks it and enables it. */
  add(spec: string): Promise<InstallResult> {
    return this.serial(() => this.install(spec));
  }

  /** Disables and uninstalls the plugin with this id; refused while a running job uses it. */
  remove(id: string): Promise<{ id: string; package: string; version: string }> {
    return this.serial(() => this.uninstall(id));
  }

  /** Installable plugins on the registry matching `text`, marked with what is installed here. */
  async search(text: string): Promise<MarketplaceEntry[]> {
    return searchRegistry(this.npmRegistry, text, await this.installedVersions());
  }

  /** Installed package name → installed version, read from node_modules. */
  async installedVersions(): Promise<Record<string, string>> {
    const names = Object.keys(await installedPackages(this.paths));
    const versions: Record<string, string> = {};
    for (const name of names) {
      const pkg = await this.readInstalled(name).catch(() => undefined);
      if (pkg?.version) versions[name] = pkg.version;
    }
    return versions;
  }

  /** True when the plugin was installed into this host's plugin folder (and so can be removed). */
  async isRemovable(record: PluginRecord): Promise<boolean> {
    if (!record.package || !record.dir) return false;
    const installed = await installedPackages(this.paths);
    return record.package in installed && record.dir.startsWith(await this.nodeModulesReal());
  }

  private async install(spec: string): Promise<InstallResult> {
    const { registry, logger } = this.options;
    await ensurePluginFolder(this.paths);
    const resolved = await resolveSpec(spec, this.paths.tarballs, { filesRoot: this.options.filesRoot });
    const restore = await snapshotFolder(this.paths);
    let swapped: { plugin: MstreamPlugin | MstreamLazyPlugin; record: PluginRecord } | undefined;
    await this.npm(['install', resolved.installSpec, '--save'], `npm install ${spec}`);
    try {
      const pkg = await this.readInstalled(resolved.name);
      checkManifest(pkg, resolved.name);
      const dir = await realpath(path.join(this.paths.nodeModules, resolved.name));
      let plugin: unknown;
      try {
        plugin = await importPluginEntry({ dir, packageJson: pkg }, `${Date.now()}-${++this.loads}`);
      } catch (error) {
        throw new MstreamError('MS_ERR_PLUGIN_INVALID', `${resolved.name} cannot be imported: ${(error as Error).message}`, { cause: error });
      }
      const problem = checkPluginObject(plugin);
      if (problem) throw new MstreamError(problem.code, `${resolved.name}: ${problem.message}`);
      const typed = plugin as MstreamPlugin | MstreamLazyPlugin;
      const existing = registry.record(typed.id);
      if (existing?.status === 'loaded') {
        if (!(await this.isRemovable(existing)) || existing.package !== resolved.name) {
          throw new ConflictError(`${resolved.name} provides plugin id "${typed.id}", which is already loaded from ${existing.package ?? existing.dir ?? existing.origin}; remove that one first`);
        }
        await this.assertUnused(existing);
        swapped = { plugin: registry.plugin(typed.id)!, record: existing };
        await this.disable(existing);
      } else if (existing) {
        await registry.unregister(existing.id, () => undefined); // a stale failure record
      }
      let record = registry.register(typed, { origin: 'package', package: resolved.name, dir });
      // A lazy plugin is loaded at once: installing is when to find out that its code imports.
      if (record.deferred) record = (await registry.load(record.id)) ?? record;
      if (record.status === 'failed') {
        await registry.unregister(record.id, () => undefined);
        throw new MstreamError((record.error?.code ?? 'MS_ERR_PLUGIN_INVALID') as 'MS_ERR_PLUGIN_INVALID', `${resolved.name}: ${record.error?.message ?? 'registration failed'}`);
      }
      logger.info({ plugin: record.id, version: record.version, package: resolved.name, provides: record.provides }, swapped ? 'plugin upgraded' : 'plugin installed');
      return swapped ? { ...record, replaced_version: swapped.record.version } : record;
    } catch (error) {
      if (swapped) registry.register(swapped.plugin, { origin: swapped.record.origin, package: swapped.record.package, dir: swapped.record.dir });
      await restore();
      await this.npm(['install'], 'restoring the plugin folder').catch((e: Error) => logger.error({ err: e.message }, 'could not restore the plugin folder after a refused install'));
      logger.warn({ spec, err: (error as Error).message }, 'plugin install refused');
      throw error;
    }
  }

  private async uninstall(id: string): Promise<{ id: string; package: string; version: string }> {
    const record = this.options.registry.record(id);
    if (!record) throw new NotFoundError(`no plugin with id "${id}" is installed`);
    if (!(await this.isRemovable(record))) {
      throw new ConflictError(`plugin "${id}" was not installed with "plugins add" (origin: ${record.origin}${record.dir ? `, ${record.dir}` : ''}); remove it from there instead`);
    }
    await this.assertUnused(record);
    await this.disable(record);
    await this.npm(['uninstall', record.package!, '--save'], `npm uninstall ${record.package}`);
    this.options.logger.info({ plugin: id, package: record.package }, 'plugin removed');
    return { id, package: record.package!, version: record.version };
  }

  /** 409 naming the running jobs whose pipeline uses one of the plugin's providers. */
  private async assertUnused(record: PluginRecord): Promise<void> {
    const { jobs, services } = this.options;
    if (!jobs || !services) return;
    const providers = new Set(record.provides.map((p) => p.slice(p.indexOf(':') + 1)));
    const users: string[] = [];
    for (const job of await jobs.list()) {
      if (job.state !== 'running') continue;
      let uses = job.plugin_versions?.[record.id] !== undefined;
      for (const name of servicesOf(job.pipeline)) {
        const provider = await services.providerOf(name);
        if (provider && providers.has(provider)) uses = true;
      }
      if (uses) users.push(job.name);
    }
    if (users.length) {
      throw new ConflictError(`plugin "${record.id}" is used by running job${users.length > 1 ? 's' : ''} ${users.map((j) => `"${j}"`).join(', ')}; stop or delete ${users.length > 1 ? 'them' : 'it'} first`, { details: { jobs: users } });
    }
  }

  /** Closes the plugin's open services, then takes its contributions out of the registry. */
  private async disable(record: PluginRecord): Promise<void> {
    const { services, registry, logger } = this.options;
    const serviceProviders = new Set(record.provides.filter((p) => p.startsWith('service:')).map((p) => p.slice('service:'.length)));
    if (services) {
      for (const service of await services.list()) if (serviceProviders.has(service.provider)) await services.disconnect(service.name);
    }
    await registry.unregister(record.id, (error) => logger.warn({ plugin: record.id, err: (error as Error).message }, 'plugin close hook failed'));
  }

  private async readInstalled(name: string): Promise<PackageJson> {
    const file = path.join(this.paths.nodeModules, name, 'package.json');
    try {
      return JSON.parse(await readFile(file, 'utf8')) as PackageJson;
    } catch {
      throw new MstreamError('MS_ERR_PLUGIN_INVALID', `${name}: npm reported success but ${file} is missing or unreadable`);
    }
  }

  private async nodeModulesReal(): Promise<string> {
    return (await realpath(this.paths.nodeModules).catch(() => this.paths.nodeModules)) + path.sep;
  }

  // --ignore-scripts: installing must not run a package's code outside the host's checks.
  // --legacy-peer-deps: the SDK peer range is checked by checkManifest, which names both versions
  // (npm's own ERESOLVE would refuse first, with a less useful message).
  private npm(args: string[], what: string) {
    const flags = ['--prefix', this.paths.root, '--ignore-scripts', '--legacy-peer-deps', '--no-audit', '--no-fund', '--loglevel=error', `--registry=${this.npmRegistry}`];
    return runNpm([...args, ...flags], this.paths.root, what);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
