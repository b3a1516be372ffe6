import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigValidationError, type Logger } from '@mstream/sdk';
import { HostCodecs } from './codecs/host-codecs.js';
import type { MstreamConfig, StartupState } from './config/config-types.js';
import { ConfigReloader, type ReloadOutcome } from './runtime/config-reloader.js';
import { readConfigFile } from './config/read-config-file.js';
import { validateConfig } from './config/validate-config.js';
import { namedProviders } from './config/named-providers.js';
import { FilesRoot } from './config/files-root.js';
import { loadPlugins, registerChecked } from './discovery/load-plugins.js';
import { bundledPluginRoots } from './discovery/install-layout.js';
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
import { openStores } from './stores/open-stores.js';
import type { Stores } from './stores/store-types.js';
import type { PluginAdmin } from './plugin-admin/plugin-admin.js';
import type { ApiDeps } from './api/api-deps.js';
import { readAccessSettings, tokensRequired, type AccessSettings } from './api/security/access-settings.js';
import { readTlsSettings, type TlsFiles } from './api/security/tls-settings.js';
import type { ServedAddress } from './api/security/served-address.js';
import { FileAuditLog, type AuditLog } from './stores/audit-log.js';
import { createStartingApp } from './api/starting-app.js';
import type { HostPhase, Readiness } from './api/readiness.js';
import { stableHostId } from './stable-host-id.js';

const HOST_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const HOST_VERSION = (JSON.parse(readFileSync(path.join(HOST_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export interface HostOptions {
  /** A TOML file; or pass `config` (already parsed) instead. */
  configFile?: string;
  /** Apply edits of `configFile` while running (default: `MSTREAM_WATCH_CONFIG=1`). See ConfigReloader. */
  watchConfig?: boolean;
  config?: unknown;
  dataDir?: string;
  /** Where path options must stay (see files-root.ts). Default MSTREAM_FILES_ROOT, else the data folder. */
  filesRoot?: string;
  /** 0 picks a free port. Default MSTREAM_API_PORT or 8719. */
  port?: number;
  /** Bind address. Default MSTREAM_API_HOST, else 127.0.0.1 without a token and 0.0.0.0 with one. */
  bindHost?: string;
  /** The admin token. Default MSTREAM_API_TOKEN (or the file MSTREAM_API_TOKEN_FILE names). */
  apiToken?: string;
  /** Tokens that may only read. Default MSTREAM_API_READ_TOKEN (comma-separated) or MSTREAM_API_READ_TOKEN_FILE. */
  readTokens?: string[];
  /** Browser origins besides the host's own that may change things. Default MSTREAM_API_ALLOWED_ORIGINS. */
  allowedOrigins?: string[];
  /** Host names besides the loopback ones the API answers. Default MSTREAM_API_ALLOWED_HOSTS. */
  allowedHosts?: string[];
  /** PEM files to serve HTTPS. Default MSTREAM_TLS_CERT and MSTREAM_TLS_KEY. */
  tls?: Partial<TlsFiles>;
  logStdout?: boolean;
  logLevel?: string;
  /** Folders of out-of-tree plugins (MSTREAM_PLUGIN_PATH). */
  pluginPath?: string[];
  /** Plugin objects registered in-process (tests, embedding). */
  plugins?: unknown[];
  /** Skip scanning the workspace and node_modules (tests that want only `plugins`). */
  discover?: boolean;
  bodyLimitBytes?: number;
  /** How long a stopping job may take to finish its in-flight batches. Default: the shutdown timeout. */
  stopGraceMs?: number;
  /** How long a graceful shutdown may take. Default `[system] shutdown_timeout_ms`, MSTREAM_SHUTDOWN_TIMEOUT_MS, else 10,000. */
  shutdownTimeoutMs?: number;
  /** This host's name in job leases. Default MSTREAM_HOST_ID, else `<hostname>-<pid>-<random>`. */
  hostId?: string;
}

/** A running mstream host: plugins, stores, jobs and the API, started and stopped as one. */
export class Host {
  readonly logs = new LogBuffer();
  readonly scrubber = new SecretScrubber();
  readonly logger: Logger;
  readonly validator: OptionsValidator;
  readonly registry: PluginRegistry;
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
  private access?: AccessSettings;
  private tls?: { cert: Buffer; key: Buffer };
  private audit?: AuditLog;
  private served?: ServedAddress;
  private url?: string;
  private phase: HostPhase = 'starting';
  /** What the port answers: the starting app until everything is up, then the API. */
  private handle: RequestListener = (_req, res) => void res.writeHead(503).end();
  private checkSystemStores?: (signal: AbortSignal) => Promise<void>;
  private closeSystemStores?: () => Promise<void>;
  private reloader?: ConfigReloader;
  private readonly startedAt = Date.now();
  private readonly reportedFailures = new Set<string>();

  constructor(private readonly options: HostOptions = {}) {
    this.dataDir = path.resolve(options.dataDir ?? process.env.MSTREAM_DATA_DIR ?? './data');
    // Built here, not as fields: the files root depends on the data folder.
    this.validator = new OptionsValidator({ filesRoot: FilesRoot.forDataDir(this.dataDir, options.filesRoot) });
    this.registry = new PluginRegistry(this.validator);
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
    // Bundled plugins sit next to the host: the repo's plugins/, or node_modules when installed.
    const bundled = everywhere ? bundledPluginRoots() : { workspacePlugins: undefined, nodeModules: [] };
    await loadPlugins(this.registry, {
      workspacePlugins: bundled.workspacePlugins,
      nodeModules: everywhere ? [...bundled.nodeModules, path.join(this.dataDir, 'plugins', 'node_modules')] : [],
      pluginPath: everywhere ? [...pluginPath, path.join(this.dataDir, 'plugins')] : pluginPath,
    });
    for (const plugin of this.options.plugins ?? []) registerChecked(this.registry, plugin, { origin: 'inline' });
    this.logFailedLoads();
    const loaded = this.registry.list().filter((p) => p.status === 'loaded');
    this.logger.info({
      plugins: loaded.filter((p) => !p.deferred).map((p) => `${p.id}@${p.version}`),
      // Lazy plugins: their code is imported the first time one of their providers is used.
      deferred: loaded.filter((p) => p.deferred).map((p) => `${p.id}@${p.version}`),
    }, 'plugins loaded');
    const raw = this.options.config ?? (this.options.configFile ? await readConfigFile(this.options.configFile) : {});
    this.config = await this.validate(raw);
    return this.config;
  }

  /** Loads the lazy plugins the config's services name (their schemas check it), then validates it. */
  private async validate(raw: unknown): Promise<MstreamConfig> {
    await Promise.all(namedProviders(raw).map((provider) => this.registry.loadProvider(provider)));
    this.logFailedLoads();
    return validateConfig(raw, this.registry, this.validator);
  }

  /** A lazy plugin that fails on first use is logged once, as discovery logs the eager ones. */
  private logFailedLoads(): void {
    for (const record of this.registry.list()) {
      if (record.status !== 'failed' || this.reportedFailures.has(record.id)) continue;
      this.reportedFailures.add(record.id);
      this.logger.error({ plugin: record.id, err: record.error?.message }, 'plugin failed to load');
    }
  }

  /**
   * Reads the config file again and applies what changed (the CLI calls it on SIGHUP; with
   * `watchConfig` it runs on every edit). Without a config file there is nothing to reload.
   */
  async reloadConfig(): Promise<ReloadOutcome | undefined> {
    return this.reloader?.reload();
  }

  /**
   * Starts everything and listens. Resolves with the API's URL once the host is ready. The port
   * opens first, answering `/health` (alive) and `/ready` (503, starting) while plugins load,
   * stores open and the startup jobs start, so an orchestrator can tell starting from dead.
   */
  async start(): Promise<string> {
    this.readListenSettings();
    await this.openPort();
    try {
      await this.startEverything();
    } catch (error) {
      await this.stop().catch(() => undefined);
      throw error;
    }
    this.phase = 'ready';
    return this.url!;
  }

  /** How long a graceful shutdown may take before the CLI gives up and exits non-zero. */
  get shutdownTimeoutMs(): number {
    return this.options.shutdownTimeoutMs ?? this.config?.system.shutdown_timeout_ms ?? Number(process.env.MSTREAM_SHUTDOWN_TIMEOUT_MS ?? 10_000);
  }

  /** `/ready`'s answer: ready only when started, not draining, and every system store answers. */
  async readiness(): Promise<Readiness> {
    if (this.phase === 'starting') return { ready: false, phase: this.phase, reason: 'starting: loading plugins, opening stores, starting jobs' };
    if (this.phase !== 'ready') return { ready: false, phase: this.phase, reason: 'shutting down: finishing in-flight batches' };
    try {
      const signal = AbortSignal.timeout(2000);
      await Promise.race([
        this.checkSystemStores?.(signal),
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('no answer within 2 s')), { once: true })),
      ]);
    } catch (error) {
      return { ready: false, phase: this.phase, reason: `a system store is unreachable: ${this.scrubber.scrub((error as Error).message)}` };
    }
    return { ready: true, phase: this.phase };
  }

  private async startEverything(): Promise<void> {
    const config = this.config ?? (await this.prepare());
    if (config.system.logs?.buffer_capacity) this.logs.resize(config.system.logs.buffer_capacity);
    this.scopes = new PluginScopes(this.logger, this.codecs, this.dataDir);
    const system = await openStores({
      config, dataDir: this.dataDir, registry: this.registry, scopes: this.scopes, logger: this.logger, hostVersion: HOST_VERSION, hostId: this.hostId,
      // Only once every store's format is known to be readable: a refused store leaves no key file behind.
      beforeWrites: async () => {
        await mkdir(this.dataDir, { recursive: true });
        const keyFile = path.resolve(config.system.encryption_key_path ?? path.join(this.dataDir, 'mstream.key'));
        const key = await loadEncryptionKey(keyFile);
        if (key.generated) this.logger.warn({ key_file: keyFile }, 'generated a new encryption key for stored service secrets; back it up');
        return new SecretBox(key.key);
      },
    });
    this.stores = system.stores;
    this.closeSystemStores = system.close;
    const stableId = await stableHostId(this.dataDir, this.options.hostId ?? process.env.MSTREAM_HOST_ID);
    this.checkSystemStores = system.check;
    this.services = new ServiceManager(this.stores.services, this.registry, this.scopes, this.scrubber, this.logger, this.validator);
    for (const section of Object.values(config.system)) {
      const name = (section as { service_name?: unknown } | undefined)?.service_name;
      if (typeof name === 'string') this.services.systemServices.add(name);
    }
    for (const stored of await this.services.list()) this.services.rememberSecrets(stored);
    for (const service of config.services) await this.services.put(service, { replace: true });
    const capabilities = new ServiceCapabilities(this.services, this.registry, this.scopes, config.system.schemas?.resource);
    this.jobs = new JobManager({
      stores: this.stores, services: this.services, capabilities, registry: this.registry, scopes: this.scopes,
      validator: this.validator, codecs: this.codecs, logger: this.logger, stopGraceMs: this.options.stopGraceMs ?? this.shutdownTimeoutMs,
      hostId: this.hostId, stableHostId: stableId, leaseTtlMs: config.system.leases?.ttl_ms, dataDir: this.dataDir,
    });
    const { PluginAdmin } = await import('./plugin-admin/plugin-admin.js');
    this.plugins = new PluginAdmin({
      dataDir: this.dataDir, registry: this.registry, logger: this.logger, jobs: this.jobs, services: this.services,
      apiTokenConfigured: this.access!.adminTokens.length > 0,
      npmRegistry: config.system.plugins?.registry, filesRoot: this.validator.filesRoot,
    });
    const startupState: StartupState = config.system.job_lifecycle?.startup_state ?? (config.system.job_lifecycle ? 'seed_from_file' : 'force_from_file');
    await applyStartupState(startupState, config.connectors, this.jobs, this.stores.jobs, this.logger);
    const configFile = this.options.configFile;
    if (configFile && this.options.config === undefined) {
      this.reloader = new ConfigReloader(
        {
          file: configFile,
          load: async () => this.validate(await readConfigFile(configFile)),
          services: this.services,
          jobs: this.jobs,
          logger: this.logger.child({ target: 'config' }),
        },
        config,
      );
      if (this.options.watchConfig ?? process.env.MSTREAM_WATCH_CONFIG === '1') this.reloader.start();
    }
    await this.serveApi(capabilities);
  }

  /**
   * Tokens, allowed origins and hosts, TLS files: read before anything starts, so a missing token
   * file or certificate stops the host (exit 2 from the CLI) instead of serving it unprotected.
   */
  private readListenSettings(): void {
    const access = readAccessSettings({
      apiToken: this.options.apiToken, readTokens: this.options.readTokens,
      allowedOrigins: this.options.allowedOrigins, allowedHosts: this.options.allowedHosts,
    });
    const tls = readTlsSettings(this.options.tls);
    const issues = [...access.issues, ...tls.issues];
    if (issues.length) throw new ConfigValidationError(issues);
    this.access = access.settings;
    this.tls = tls.tls;
    this.scrubber.add([...access.settings.adminTokens, ...access.settings.readTokens]);
  }

  /** Binds the port with the starting app; a port in use fails here, before any job starts. */
  private async openPort(): Promise<void> {
    const token = tokensRequired(this.access!);
    const port = this.options.port ?? Number(process.env.MSTREAM_API_PORT ?? 8719);
    const bindHost = this.options.bindHost ?? process.env.MSTREAM_API_HOST ?? (token ? '0.0.0.0' : '127.0.0.1');
    const served: ServedAddress = { scheme: this.tls ? 'https' : 'http', bindHost, port };
    this.served = served;
    this.handle = createStartingApp({
      version: HOST_VERSION, hostId: this.hostId, startedAt: this.startedAt, served: () => served, allowedHosts: this.access!.allowedHosts,
      readiness: () => this.readiness(), logger: this.logger.child({ target: 'api' }), scrub: (text) => this.scrubber.scrub(text),
    }).callback();
    const listener: RequestListener = (req, res) => this.handle(req, res);
    this.server = await new Promise<Server>((resolve, reject) => {
      const server: Server = this.tls ? createHttpsServer(this.tls, listener) : createHttpServer(listener);
      server.once('error', reject);
      server.listen(port, bindHost, () => resolve(server));
    });
    served.port = (this.server.address() as AddressInfo).port;
    const shownHost = bindHost === '0.0.0.0' || bindHost === '::' ? '127.0.0.1' : bindHost.includes(':') ? `[${bindHost}]` : bindHost;
    this.url = `${served.scheme}://${shownHost}:${served.port}`;
  }

  /**
   * Swaps the starting app for the API once everything it serves exists. The API modules are
   * imported here, after the port opened, so `/health` answers while they load.
   */
  private async serveApi(capabilities: ServiceCapabilities): Promise<void> {
    const { createApp } = await import('./api/create-app.js');
    const access = this.access!;
    const token = tokensRequired(access);
    const deps: ApiDeps = {
      version: HOST_VERSION, hostId: this.hostId, startedAt: this.startedAt, jobs: this.jobs!, services: this.services!,
      capabilities, registry: this.registry,
      validator: this.validator, stores: this.stores!, logs: this.logs,
      streamPreloadCount: this.config?.system.logs?.stream_preload_count ?? 100,
      plugins: this.plugins,
    };
    this.audit = new FileAuditLog(this.dataDir, 10_000, (error) => this.logger.warn({ err: error.message }, 'cannot write the audit log'));
    const served = this.served!;
    this.handle = createApp(deps, {
      access,
      served: () => served,
      audit: this.audit,
      readiness: () => this.readiness(),
      acceptsChanges: () => this.phase !== 'draining' && this.phase !== 'stopped',
      bodyLimitBytes: this.options.bodyLimitBytes ?? Number(process.env.MSTREAM_API_BODY_LIMIT ?? 1024 * 1024),
      logger: this.logger.child({ target: 'api' }),
      scrub: (text) => this.scrubber.scrub(text),
    }).callback();
    const auth = access.adminTokens.length ? (access.readTokens.length ? 'admin and read tokens' : 'admin token') : access.readTokens.length ? 'read tokens only (the API is read-only)' : 'none';
    this.logger.info({ url: this.url, tls: Boolean(this.tls), auth }, token
      ? `API listening${this.tls ? ' over HTTPS' : ''}; every route but /health and /ready needs a token`
      : `API listening${this.tls ? ' over HTTPS' : ''} on ${served.bindHost}, without authentication (set MSTREAM_API_TOKEN to require a token, MSTREAM_API_HOST to bind elsewhere)`);
    if (!token && !/^(127\.|::1$|localhost$)/.test(served.bindHost)) {
      this.logger.warn({ bind: served.bindHost }, 'the API is bound beyond loopback without a token: anyone who reaches this address can drive the host; set MSTREAM_API_TOKEN');
    }
  }

  /** Jobs a forced exit now would abandon mid-batch (their in-flight events are re-delivered). */
  activeJobs(): string[] {
    return this.jobs?.activeJobNames() ?? [];
  }

  /**
   * Graceful stop (SIGTERM): `/ready` turns 503 and the API refuses changes at once; every job
   * stops reading and finishes its in-flight batches (delivered, acknowledged, checkpointed);
   * then the API, services, plugins and stores close. Jobs keep what they should do next start.
   */
  async stop(): Promise<void> {
    this.reloader?.stop();
    if (this.phase !== 'stopped') this.phase = 'draining';
    await this.jobs?.shutdown();
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    this.server = undefined;
    this.phase = 'stopped';
    await this.audit?.flush();
    await this.services?.closeAll();
    await this.registry.close((error) => this.logger.warn({ err: (error as Error).message }, 'plugin close hook failed'));
    await this.scopes?.dispose();
    await this.stores?.close();
    await this.closeSystemStores?.();
  }
}
