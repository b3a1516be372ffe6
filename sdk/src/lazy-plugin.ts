import { PLUGIN_API_VERSION } from './version.js';
import type { ContributionKind, MstreamPlugin, PluginRegistrationPoints } from './plugin.js';

/** What a lazy plugin's `load` resolves to: the registration of its definitions (an eager plugin made with definePlugin qualifies). @public */
export interface PluginImplementation {
  register(points: PluginRegistrationPoints): void;
}

/** What a plugin author passes to {@link defineLazyPlugin}. @public */
export interface LazyPluginSpec {
  /** Kebab-case id, unique among installed plugins. */
  id: string;
  /** The plugin's own version (semver), normally its package.json version. */
  version: string;
  /** The SDK versions this plugin works with, as a semver range. */
  sdk: string;
  displayName?: string;
  description?: string;
  /**
   * Every `kind:provider` pair the implementation registers (as package.json `mstream.provides`
   * lists them), e.g. `["service:kafka", "source:kafka"]`. The host routes a provider to this
   * plugin by it before loading anything, and refuses the plugin when `register` records another set.
   */
  provides: readonly string[];
  /**
   * Imports the implementation, typically `() => import('./plugin.js').then((m) => m.default)`.
   * The host calls it the first time one of `provides` is used (a service of the provider is
   * configured or created, a step or engine of it is needed), so the client library it imports
   * costs nothing to a host that never uses the plugin. A rejected load is retried on next use.
   */
  load(): Promise<PluginImplementation>;
}

/**
 * A plugin whose code is imported on first use: the host sees its id, version, SDK range and
 * `provides` at discovery, and its definitions only after `load`. Made by {@link defineLazyPlugin}.
 * @public
 */
export interface MstreamLazyPlugin extends Readonly<Omit<LazyPluginSpec, 'provides'>> {
  readonly $$type: '@mstream/LazyPlugin';
  readonly apiVersion: number;
  readonly provides: readonly string[];
}

const ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const KINDS: readonly ContributionKind[] = ['service', 'source', 'sink', 'middleware', 'resources', 'schemas', 'store', 'engine'];

/**
 * Declares a plugin whose heavy code loads only when it is used. The package's entry then
 * imports nothing but `@mstream/sdk`:
 * ```ts
 * export default defineLazyPlugin({
 *   id: 'redis', version: '1.0.0', sdk: '^0.1.0',
 *   provides: ['service:redis', 'source:redis'],
 *   load: () => import('./plugin.js').then((m) => m.default), // plugin.ts: definePlugin({ … })
 * });
 * ```
 * Throws immediately on an invalid id or a malformed `provides` entry.
 * @public
 */
export function defineLazyPlugin(spec: LazyPluginSpec): MstreamLazyPlugin {
  if (!ID_PATTERN.test(spec.id)) {
    throw new TypeError(`defineLazyPlugin: id "${spec.id}" must be kebab-case (e.g. "my-plugin")`);
  }
  if (typeof spec.load !== 'function') throw new TypeError(`defineLazyPlugin: plugin "${spec.id}" has no load()`);
  for (const entry of spec.provides) {
    const [kind, provider] = String(entry).split(':');
    if (!KINDS.includes(kind as ContributionKind) || !provider) {
      throw new TypeError(`defineLazyPlugin: provides entry "${entry}" of plugin "${spec.id}" must be "<kind>:<provider>" with kind one of ${KINDS.join(', ')}`);
    }
  }
  return Object.freeze({ ...spec, provides: Object.freeze([...spec.provides]), $$type: '@mstream/LazyPlugin' as const, apiVersion: PLUGIN_API_VERSION });
}

/** True when a value looks like a plugin made by any copy of {@link defineLazyPlugin}. @public */
export function isMstreamLazyPlugin(value: unknown): value is MstreamLazyPlugin {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { $$type?: unknown }).$$type === '@mstream/LazyPlugin' &&
    typeof (value as { load?: unknown }).load === 'function' &&
    Array.isArray((value as { provides?: unknown }).provides)
  );
}

/**
 * Loads a lazy plugin and returns it as an ordinary plugin (the same id, version and SDK range,
 * the implementation's `register`), after checking that `register` records exactly the declared
 * `provides`. What the host does on first use; tests and tools use it to get definitions.
 * Rejects when `load` fails or the implementation disagrees with the declaration.
 * @public
 */
export async function loadLazyPlugin(plugin: MstreamLazyPlugin): Promise<MstreamPlugin> {
  const implementation = await plugin.load();
  if (typeof implementation?.register !== 'function') {
    throw new TypeError(`plugin "${plugin.id}": load() must resolve to an object with register() (e.g. a definePlugin result)`);
  }
  // An implementation that is itself a plugin object must be the same plugin (no drift between the two declarations).
  const named = implementation as Partial<MstreamPlugin>;
  if (named.$$type === '@mstream/Plugin' && (named.id !== plugin.id || named.version !== plugin.version)) {
    throw new TypeError(`plugin "${plugin.id}@${plugin.version}": load() resolved to plugin "${named.id}@${named.version}"`);
  }
  const recorded = registeredPairs(implementation);
  const declared = new Set(plugin.provides);
  const missing = [...declared].filter((p) => !recorded.has(p));
  const extra = [...recorded].filter((p) => !declared.has(p));
  if (missing.length || extra.length) {
    throw new TypeError(
      `plugin "${plugin.id}": register() does not match the declared provides` +
        (missing.length ? `; declared but not registered: ${missing.join(', ')}` : '') +
        (extra.length ? `; registered but not declared: ${extra.join(', ')}` : ''),
    );
  }
  return Object.freeze({
    id: plugin.id,
    version: plugin.version,
    sdk: plugin.sdk,
    displayName: plugin.displayName,
    description: plugin.description,
    register: (points: PluginRegistrationPoints) => implementation.register(points),
    $$type: '@mstream/Plugin' as const,
    apiVersion: plugin.apiVersion,
  });
}

/** The `kind:provider` pairs a registration records. Registration is declarative (no I/O), so a dry run is harmless. */
function registeredPairs(implementation: PluginImplementation): Set<string> {
  const pairs = new Set<string>();
  const add = (kind: ContributionKind) => (definition: { provider: string }) => void pairs.add(`${kind}:${definition?.provider}`);
  implementation.register({
    service: add('service'),
    source: add('source'),
    sink: add('sink'),
    middleware: add('middleware'),
    resources: add('resources'),
    schemas: add('schemas'),
    systemStore: add('store'),
    scriptEngine: add('engine'),
    onClose: () => undefined,
  });
  return pairs;
}
