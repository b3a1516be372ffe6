import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@mstream/sdk';
import { HostCodecs } from './codecs/host-codecs.js';
import type { MstreamConfig, StartupState } from './config/config-types.js';
import { ConfigReloader, type ReloadOutcome } from './config/config-reloader.js';
import { readConfigFile } from './config/read-config-file.js';
import { validateConfig } from './config/validate-config.js';
import { loadPlugins, registerChecked } from './discovery/load-plugins.js';
import { LogBuffer } from './logs/log-buffer.js';
import { createLogger, SecretScrubber } from './logs/create-logger.js';
import { OptionsValidator } from './registry/options-validator.js';
import { PluginRegistry } from './registry/plugin-registry.js';
import { PluginScopes } from './registry/plugin-scopes.js';
import { JobManager } from './runtime/job-manager.js';
import { applyStartupState } from './runtime/startup-state.js';
import { loadEncryptionKey, SecretBox } from './services/encryption.js';
import { ServiceCapabilities } from './services/service-capabilities.js';
import { ServiceManager } from './services/service-manager.js';
import { createFileStores } from './stores/file-stores.js';
import { openSystemStores } from './stores/open-system-stores.js';
import type { Stores } from './stores/store-types.js';
import { createApp } from './api/create-app.js';
import { PluginAdmin } from './plugin-admin/plugin-admin.js';
import type { ApiDeps } from './api/api-deps.js';

const HOST_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPO_ROOT = path.resolve(HOST_ROOT, '..');
export const HOST_VERSION = (JSON.parse(readFileSync(path.join(HOST_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export interface HostOptions {
  /** A TOML file; or pass `config` (already parsed) instead. */
  configFile?: string;
  /** Apply edits of `configFile` while running (default: `MSTREAM_WATCH_CONFIG=1`). See ConfigReloader. */
  watchConfig?: boolean;
  config?: unknown;
  dataDir?: string;
  /** 0 picks a free port. Default MSTREAM_API_PORT or 8719. */
  port?: number;
  /** Bind address. Default MSTREAM_API_HOST, else 127.0.0.1 without a token and 0.0.0.0 with one. */
  bindHost?: string;
  apiToken?: string;
  logStdout?: boolean;
  logLevel?: string;
  /** Folders of out-of-tree plugins (MSTREAM_PLUGIN_PATH). */
  pluginPath?: string[];
  /** Plugin objects registered in-process (tests, embedding). */
  plugins?: unknown[];
  /** Skip scanning the workspace and node_modules (tests that want only `plugins`). */
  discover?: boolean;
  bodyLimitBytes?: number;
  stopGraceMs?: number;
  /** This host's name in job leases. Default MSTREAM_HOST_ID, else `<hostname>-<pid>-<random>`. */
  hostId?: string;
}

/** A running mstream host: plugins, stores, jobs and the API, started and stopped as one. */
export class Host {
  readonly logs = new LogBuffer();
  readonly scrubber = new SecretScrubber();
  readonly logger: Logger;
  readonly validator = new OptionsValidator();
  readonly registry = new PluginRegistry(this.validator);
  readonly codecs = new HostCodecs();
  readonly dataDir: string;
  /** This host's name in job leases and in `GET /health`. */
  readonly hostId: string;
  config?: MstreamConfig;
  stores?: Stores;
  services?: ServiceManager;
  jobs?: JobManager;
  plugins?: PluginAdmin;
  private scopes?: PluginScopes;
  private server?: Server;
  private closeSystemStores?: () => Promise<void>;
  private reloader?: ConfigReloader;
  private readonly startedAt = Date.now();

  constructor(private readonly options: HostOptions = {}) {
    this.dataDir = path.resolve(options.dataDir ?? process.env.MSTREAM_DATA_DIR ?? './data');
    this.hostId = options.hostId ?? process.env.MSTREAM_HOST_ID ?? `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.logger = createLogger(this.logs, this.scrubber, { stdout: options.logStdout, level: options.logLevel }) as unknown as Logger;
  }

  /** Loads plugins and validates the config. Throws ConfigValidationError listing every problem. */
  async prepare(): Promise<MstreamConfig> {
    const env = process.env;
    const pluginPath = this.options.pluginPath ?? (env.MSTREAM_PLUGIN_PATH ? env.MSTREAM_PLUGIN_PATH.split(':').filter(Boolean) : []);
    if (this.options.discover === false && !this.options.pluginPath) pluginPath.length = 0;
    // `discover: false` (tests) skips the workspace and node_modules but still honours pluginPath.
    const everywhere = this.options.discover !== false;
    const report = await loadPlugins(this.registry, {
      workspacePlugins: everywhere ? path.join(REPO_ROOT, 'plugins') : undefined,
      nodeModules: everywhere ? [path.join(REPO_ROOT, 'node_modules'), path.join(this.dataDir, 'plugins', 'node_modules')] : [],
      pluginPath: everywhere ? [...pluginPath, path.join(this.dataDir, 'plugins')] : pluginPath,
    });
    for (const failed of report.failed) this.logger.error({ plugin: failed.id, err: failed.error?.message }, 'plugin failed to load');
    for (const plugin of this.options.plugins ?? []) {
      const record = registerChecked(this.registry, plugin, { origin: 'inline' });
      if (record.status === 'failed') this.logger.error({ plugin: record.id, err: record.error?.message }, 'plugin failed to load');
    }
    this.logger.info({ plugins: this.registry.list().filter((p) => p.status === 'loaded').map((p) => `${p.id}@${p.version}`) }, 'plugins loaded');
    const raw = this.options.config ?? (this.options.configFile ? await readConfigFile(this.options.configFile) : {});
    this.config = validateConfig(raw, this.registry, this.validator);
    return this.config;
  }

  /**
   * Reads the config file again and applies what changed (the CLI calls it on SIGHUP; with
   * `watchConfig` it runs on every edit). Without a config file there is nothing to reload.
   */
  async reloadConfig(): Promise<ReloadOutcome | undefined> {
    return this.reloader?.reload();
  }

  /** Starts everything and listens. Resolves with the API's URL. */
  async start(): Promise<string> {
    const config = this.config ?? (await this.prepare());
    if (config.system.logs?.buffer_capacity) this.logs.resize(config.system.logs.buffer_capacity);
    await mkdir(this.dataDir, { recursive: true });
    const keyFile = path.resolve(config.system.encryption_key_path ?? path.join(this.dataDir, 'mstream.key'));
    const key = await loadEncryptionKey(keyFile);
    if (key.generated) this.logger.warn({ key_file: keyFile }, 'generated a new encryption key for stored service secrets; back it up');
    const box = new SecretBox(key.key);
    this.scopes = new PluginScopes(this.logger, this.codecs, this.dataDir);
    const system = await openSystemStores(config, createFileStores(this.dataDir, box), box, this.registry, this.scopes, this.logger);
    this.stores = system.stores;
    this.closeSystemStores = system.close;
    this.services = new ServiceManager(this.stores.services, this.registry, this.scopes, this.scrubber, this.logger);
    for (const section of Object.values(config.system)) {
      const name = (section as { service_name?: unknown } | undefined)?.service_name;
      if (typeof name === 'string') this.services.systemServices.add(name);
    }
    for (const stored of await this.services.list()) this.services.rememberSecrets(stored);
    for (const service of config.services) await this.services.put(service, { replace: true });
    const capabilities = new ServiceCapabilities(this.services, this.registry, this.scopes, config.system.schemas?.resource);
    this.jobs = new JobManager({
      stores: this.stores, services: this.services, capabilities, registry: this.registry, scopes: this.scopes,
      validator: this.validator, codecs: this.codecs, logger: this.logger, stopGraceMs: this.options.stopGraceMs,
      hostId: this.hostId, leaseTtlMs: config.system.leases?.ttl_ms,
    });
    this.plugins = new PluginAdmin({
      dataDir: this.dataDir, registry: this.registry, logger: this.logger, jobs: this.jobs, services: this.services,
      apiTokenConfigured: Boolean(this.options.apiToken ?? process.env.MSTREAM_API_TOKEN),
      npmRegistry: config.system.plugins?.registry,
    });
    const startupState: StartupState = config.system.job_lifecycle?.startup_state ?? (config.system.job_lifecycle ? 'seed_from_file' : 'force_from_file');
    await applyStartupState(startupState, config.connectors, this.jobs, this.stores.jobs, this.logger);
    const configFile = this.options.configFile;
    if (configFile && this.options.config === undefined) {
      this.reloader = new ConfigReloader(
        {
          file: configFile,
          load: async () => validateConfig(await readConfigFile(configFile), this.registry, this.validator),
          services: this.services,
          jobs: this.jobs,
          logger: this.logger.child({ target: 'config' }),
        },
        config,
      );
      if (this.options.watchConfig ?? process.env.MSTREAM_WATCH_CONFIG === '1') this.reloader.start();
    }
    return this.listen(capabilities);
  }

  private async listen(capabilities: ServiceCapabilities): Promise<string> {
    const token = this.options.apiToken ?? process.env.MSTREAM_API_TOKEN ?? undefined;
    const deps: ApiDeps = {
      version: HOST_VERSION, hostId: this.hostId, startedAt: this.startedAt, jobs: this.jobs!, services: this.services!,
      capabilities, registry: this.registry,
      validator: this.validator, stores: this.stores!, logs: this.logs,
      streamPreloadCount: this.config?.system.logs?.stream_preload_count ?? 100,
      plugins: this.plugins,
    };
    const app = createApp(deps, {
      apiToken: token || undefined,
      bodyLimitBytes: this.options.bodyLimitBytes ?? Number(process.env.MSTREAM_API_BODY_LIMIT ?? 1024 * 1024),
      logger: this.logger.child({ target: 'api' }),
      scrub: (text) => this.scrubber.scrub(text),
    });
    const port = this.options.port ?? Number(process.env.MSTREAM_API_PORT ?? 8719);
    const bindHost = this.options.bindHost ?? process.env.MSTREAM_API_HOST ?? (token ? '0.0.0.0' : '127.0.0.1');
    this.server = await new Promise<Server>((resolve, reject) => {
      const server = app.listen(port, bindHost, () => resolve(server));
      server.once('error', reject);
    });
    const address = this.server.address() as AddressInfo;
    const url = `http://${bindHost === '0.0.0.0' ? '127.0.0.1' : bindHost}:${address.port}`;
    this.logger.info({ url, auth: token ? 'bearer token' : 'none' }, token
      ? 'API listening; every route but /health needs the API token'
      : `API listening on ${bindHost} only, without authentication (set MSTREAM_API_TOKEN to require a token, MSTREAM_API_HOST to bind elsewhere)`);
    return url;
  }

  /** Stops jobs (keeping what they should do next start), closes services, plugins and the API. */
  async stop(): Promise<void> {
    this.reloader?.stop();
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    this.server = undefined;
    await this.jobs?.shutdown();
    await this.services?.closeAll();
    await this.registry.close((error) => this.logger.warn({ err: (error as Error).message }, 'plugin close hook failed'));
    await this.scopes?.dispose();
    await this.stores?.close();
    await this.closeSystemStores?.();
  }
}
