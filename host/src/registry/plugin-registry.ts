import {
  isMstreamLazyPlugin,
  loadLazyPlugin,
  MstreamError,
  type MstreamLazyPlugin,
} from '@mstream/sdk';
import type {
  ContributionKind,
  MiddlewareDefinition,
  MstreamPlugin,
  PluginRegistrationPoints,
  ResourcesDefinition,
  SchemasDefinition,
  ServiceDefinition,
  SinkDefinition,
  SourceDefinition,
  SystemStoreDefinition,
  ScriptEngineDefinition,
} from '@mstream/sdk';
import type { OptionsValidator } from './options-validator.js';
import { compareNames } from '../config/compare-names.js';

/** Where a plugin was found. */
export type PluginOrigin = 'workspace' | 'package' | 'plugin-path' | 'inline';

/** What `GET /plugins` reports for each plugin, loaded or not. */
export interface PluginRecord {
  id: string;
  version: string;
  sdk: string;
  status: 'loaded' | 'failed';
  origin: PluginOrigin;
  package?: string;
  dir?: string;
  description?: string;
  provides: string[];
  /**
   * A lazy plugin (defineLazyPlugin) whose implementation is not imported yet: `provides` is
   * what it declares; it is imported the first time one of them is used.
   */
  deferred?: boolean;
  error?: { code: string; message: string };
}

interface DefinitionsByKind {
  service: ServiceDefinition<any, any>;
  source: SourceDefinition<any, any>;
  sink: SinkDefinition<any, any>;
  middleware: MiddlewareDefinition<any, any>;
  resources: ResourcesDefinition<any>;
  schemas: SchemasDefinition<any>;
  store: SystemStoreDefinition<any>;
  engine: ScriptEngineDefinition;
}

/** A definition together with the plugin that contributed it. */
export interface Contribution<K extends ContributionKind> {
  definition: DefinitionsByKind[K];
  pluginId: string;
}

/**
 * Index of every contribution by `(kind, provider)`. A plugin's registration runs against a
 * recorder first and is committed only if it is entirely valid, so a failing plugin leaves no
 * half-registered providers behind.
 */
export class PluginRegistry {
  private readonly records = new Map<string, PluginRecord>();
  private readonly plugins = new Map<string, MstreamPlugin>();
  private readonly contributions = new Map<string, Contribution<ContributionKind>>();
  private readonly closeHooks: Array<{ pluginId: string; hook: () => Promise<void> | void }> = [];
  /** Lazy plugins not loaded yet, by id, and the `kind:provider` keys they declare. */
  private readonly pending = new Map<string, { plugin: MstreamLazyPlugin; meta: Pick<PluginRecord, 'origin' | 'package' | 'dir'>; loading?: Promise<PluginRecord> }>();
  private readonly declared = new Map<string, string>();

  constructor(private readonly validator: OptionsValidator) {}

  /** Registers a plugin; on any problem it is recorded as failed and nothing of it is kept. */
  register(plugin: MstreamPlugin | MstreamLazyPlugin, meta: Pick<PluginRecord, 'origin' | 'package' | 'dir'>): PluginRecord {
    if (isMstreamLazyPlugin(plugin)) return this.declare(plugin, meta);
    return this.commit(plugin, meta);
  }

  /** `ownDeclaration`: the plugin is a lazy one being loaded, so the record under its id is its own. */
  private commit(plugin: MstreamPlugin, meta: Pick<PluginRecord, 'origin' | 'package' | 'dir'>, ownDeclaration = false): PluginRecord {
    const record: PluginRecord = {
      id: plugin.id,
      version: plugin.version,
      sdk: plugin.sdk,
      status: 'loaded',
      description: plugin.description,
      provides: [],
      ...meta,
    };
    const existing = ownDeclaration ? undefined : this.records.get(plugin.id);
    if (existing?.status === 'loaded') {
      return this.fail(
        { ...record, id: `${plugin.id}@${meta.dir ?? meta.origin}` },
        'MS_ERR_PLUGIN_INVALID',
        `a plugin with id "${plugin.id}" is already loaded from ${existing.dir ?? existing.origin}`,
      );
    }
    const pending: Array<[ContributionKind, DefinitionsByKind[ContributionKind]]> = [];
    const hooks: Array<() => Promise<void> | void> = [];
    const recorder = this.recorder(pending, hooks);
    try {
      plugin.register(recorder);
      for (const [kind, definition] of pending) this.checkDefinition(kind, definition);
    } catch (error) {
      return this.fail(record, 'MS_ERR_PLUGIN_INVALID', `register() failed: ${(error as Error).message}`);
    }
    for (const [kind, definition] of pending) {
      this.contributions.set(key(kind, definition.provider), { definition, pluginId: plugin.id });
      record.provides.push(`${kind}:${definition.provider}`);
    }
    this.closeHooks.push(...hooks.map((hook) => ({ pluginId: plugin.id, hook })));
    this.plugins.set(plugin.id, plugin);
    this.records.set(plugin.id, record);
    return record;
  }

  /**
   * Records a lazy plugin without importing its implementation: its declared providers are
   * reserved (a clash is a load error, as for an eager plugin) and routed to it by `load*`.
   */
  private declare(plugin: MstreamLazyPlugin, meta: Pick<PluginRecord, 'origin' | 'package' | 'dir'>): PluginRecord {
    const record: PluginRecord = {
      id: plugin.id, version: plugin.version, sdk: plugin.sdk, status: 'loaded', description: plugin.description,
      provides: [...plugin.provides], deferred: true, ...meta,
    };
    const existing = this.records.get(plugin.id);
    if (existing?.status === 'loaded') {
      return this.fail({ ...record, id: `${plugin.id}@${meta.dir ?? meta.origin}` }, 'MS_ERR_PLUGIN_INVALID',
        `a plugin with id "${plugin.id}" is already loaded from ${existing.dir ?? existing.origin}`);
    }
    for (const entry of plugin.provides) {
      const taken = this.contributions.get(entry)?.pluginId ?? this.declared.get(entry);
      if (taken) return this.fail(record, 'MS_ERR_PLUGIN_INVALID', `${entry.replace(':', ' "')}" is already provided by plugin "${taken}"`);
    }
    for (const entry of plugin.provides) this.declared.set(entry, plugin.id);
    this.pending.set(plugin.id, { plugin, meta });
    this.records.set(plugin.id, record);
    return record;
  }

  /**
   * Imports a lazy plugin's implementation and registers it, once; concurrent callers share the
   * import. Never throws: a plugin whose import or registration fails is recorded as failed (its
   * providers disappear) and the returned record says why. Loaded and eager plugins: their record.
   */
  async load(id: string): Promise<PluginRecord | undefined> {
    const entry = this.pending.get(id);
    if (!entry) return this.records.get(id);
    entry.loading ??= this.loadPending(id, entry.plugin, entry.meta);
    return entry.loading;
  }

  /** Loads every lazy plugin that declares anything for `provider` (a service's provider names its steps too). */
  async loadProvider(provider: string): Promise<void> {
    const ids = new Set<string>();
    for (const [entry, id] of this.declared) if (entry.slice(entry.indexOf(':') + 1) === provider) ids.add(id);
    await Promise.all([...ids].map((id) => this.load(id)));
  }

  /** Loads the lazy plugin declaring exactly `kind:provider`, if any (e.g. a script engine by language). */
  async loadContribution(kind: ContributionKind, provider: string): Promise<void> {
    const id = this.declared.get(key(kind, provider));
    if (id) await this.load(id);
  }

  /** Loads every lazy plugin (listing every provider's schema, `plugins list` reporting load errors). */
  async loadAll(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((id) => this.load(id)));
  }

  private async loadPending(id: string, lazy: MstreamLazyPlugin, meta: Pick<PluginRecord, 'origin' | 'package' | 'dir'>): Promise<PluginRecord> {
    let plugin: MstreamPlugin | undefined;
    let error: Error | undefined;
    try {
      plugin = await loadLazyPlugin(lazy);
    } catch (cause) {
      error = cause as Error;
    }
    // Unregistered meanwhile (plugins remove): nothing to load into.
    if (this.pending.get(id)?.plugin !== lazy) return this.records.get(id) ?? this.fail(this.baseRecord(lazy, meta), 'MS_ERR_PLUGIN_INVALID', 'removed while loading');
    this.pending.delete(id);
    for (const [entry, owner] of [...this.declared]) if (owner === id) this.declared.delete(entry);
    if (!plugin) return this.fail(this.baseRecord(lazy, meta), 'MS_ERR_PLUGIN_INVALID', `cannot load the implementation: ${error?.message ?? String(error)}`);
    return this.commit(plugin, meta, true);
  }

  private baseRecord(lazy: MstreamLazyPlugin, meta: Pick<PluginRecord, 'origin' | 'package' | 'dir'>): PluginRecord {
    return { id: lazy.id, version: lazy.version, sdk: lazy.sdk, status: 'failed', description: lazy.description, provides: [], ...meta };
  }

  /** Records a plugin that could not even be imported or passed its checks. */
  fail(record: PluginRecord, code: string, message: string): PluginRecord {
    const { deferred: _deferred, ...rest } = record;
    const failed: PluginRecord = { ...rest, status: 'failed', provides: [], error: { code, message } };
    this.records.set(failed.id, failed);
    return failed;
  }

  /**
   * The contribution for `(kind, provider)`. A lazy plugin's must have been loaded first
   * (`loadProvider`, which the service manager and config validation do): asking before is a
   * host bug, reported loudly rather than as an unknown provider.
   */
  get<K extends ContributionKind>(kind: K, provider: string): Contribution<K> | undefined {
    const found = this.contributions.get(key(kind, provider)) as Contribution<K> | undefined;
    const lazy = found ? undefined : this.declared.get(key(kind, provider));
    if (lazy) throw new MstreamError('MS_ERR_INTERNAL', `plugin "${lazy}" provides ${kind} "${provider}" but is not loaded yet (the host must load it before use)`);
    return found;
  }

  /** Providers that offer (or, lazily, declare) a contribution of this kind, for error messages and forms. */
  providers(kind: ContributionKind): string[] {
    const prefix = `${kind}:`;
    const keys = new Set([...this.contributions.keys(), ...this.declared.keys()]);
    return [...keys].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)).sort();
  }

  list(): PluginRecord[] {
    return [...this.records.values()].sort((a, b) => compareNames(a.id, b.id));
  }

  record(id: string): PluginRecord | undefined {
    return this.records.get(id);
  }

  /** Runs every plugin's close hooks, newest first; a failing hook does not stop the others. */
  async close(onError: (error: unknown) => void): Promise<void> {
    for (const { hook } of [...this.closeHooks].reverse()) {
      try {
        await hook();
      } catch (error) {
        onError(error);
      }
    }
    this.closeHooks.length = 0;
  }

  /**
   * Takes a loaded plugin out at runtime (`plugins remove`, or before an upgrade): its providers
   * disappear and its close hooks run, newest first. Callers close the plugin's service handles
   * first, while the service definitions are still known. Returns the record it had, if any.
   */
  async unregister(id: string, onError: (error: unknown) => void): Promise<PluginRecord | undefined> {
    const record = this.records.get(id);
    this.records.delete(id);
    this.plugins.delete(id);
    this.pending.delete(id);
    for (const [entry, owner] of [...this.declared]) if (owner === id) this.declared.delete(entry);
    for (const [k, contribution] of [...this.contributions]) if (contribution.pluginId === id) this.contributions.delete(k);
    const mine = this.closeHooks.filter((entry) => entry.pluginId === id);
    for (let i = this.closeHooks.length - 1; i >= 0; i--) if (this.closeHooks[i].pluginId === id) this.closeHooks.splice(i, 1);
    for (const { hook } of mine.reverse()) {
      try {
        await hook();
      } catch (error) {
        onError(error);
      }
    }
    return record;
  }

  private recorder(
    pending: Array<[ContributionKind, DefinitionsByKind[ContributionKind]]>,
    hooks: Array<() => Promise<void> | void>,
  ): PluginRegistrationPoints {
    const add = (kind: ContributionKind) => (definition: DefinitionsByKind[ContributionKind]) => {
      pending.push([kind, definition]);
    };
    return {
      service: add('service') as PluginRegistrationPoints['service'],
      source: add('source') as PluginRegistrationPoints['source'],
      sink: add('sink') as PluginRegistrationPoints['sink'],
      middleware: add('middleware') as PluginRegistrationPoints['middleware'],
      resources: add('resources') as PluginRegistrationPoints['resources'],
      schemas: add('schemas') as PluginRegistrationPoints['schemas'],
      systemStore: add('store') as PluginRegistrationPoints['systemStore'],
      scriptEngine: add('engine') as PluginRegistrationPoints['scriptEngine'],
      onClose: (hook) => void hooks.push(hook),
    };
  }

  private checkDefinition(kind: ContributionKind, definition: DefinitionsByKind[ContributionKind]): void {
    if (!definition || typeof definition.provider !== 'string' || !definition.provider) {
      throw new Error(`a ${kind} definition has no provider name`);
    }
    const taken = this.contributions.get(key(kind, definition.provider))?.pluginId ?? this.declared.get(key(kind, definition.provider));
    if (taken) throw new Error(`${kind} "${definition.provider}" is already provided by plugin "${taken}"`);
    const schema =
      kind === 'service'
        ? (definition as ServiceDefinition).configSchema
        : (definition as { optionsSchema?: ServiceDefinition['configSchema'] }).optionsSchema;
    if (kind === 'service' && !schema) throw new Error(`service "${definition.provider}" has no configSchema`);
    if (schema) {
      try {
        this.validator.compile(schema);
      } catch (error) {
        throw new Error(`the schema of ${kind} "${definition.provider}" does not compile: ${(error as Error).message}`);
      }
    }
  }

  /** The plugin object behind an id (to register it again after a refused upgrade): a lazy one until it is loaded. */
  plugin(id: string): MstreamPlugin | MstreamLazyPlugin | undefined {
    return this.plugins.get(id) ?? this.pending.get(id)?.plugin;
  }
}

function key(kind: ContributionKind, provider: string): string {
  return `${kind}:${provider}`;
}
