import { PLUGIN_API_VERSION } from './version.js';
import type { ServiceDefinition } from './service.js';
import type { SourceDefinition } from './source.js';
import type { SinkDefinition } from './sink.js';
import type { MiddlewareDefinition } from './middleware.js';
import type { ResourcesDefinition } from './resources.js';
import type { SchemasDefinition } from './schema-store.js';
import type { SystemStoreDefinition } from './system-store.js';
import type { ScriptEngineDefinition } from './script-engine.js';

/** The kinds of contribution a plugin can make. @public */
export type ContributionKind = 'service' | 'source' | 'sink' | 'middleware' | 'resources' | 'schemas' | 'store' | 'engine';

/**
 * What `register` receives. Registration is declarative and synchronous: record definitions,
 * do no I/O (connections open later, when a service is used). `(kind, provider)` pairs must be
 * unique across all loaded plugins; the host reports a clash as a load error.
 * @public
 */
export interface PluginRegistrationPoints {
  service<C, H>(definition: ServiceDefinition<C, H>): void;
  source<H, O>(definition: SourceDefinition<H, O>): void;
  sink<H, O>(definition: SinkDefinition<H, O>): void;
  middleware<H, O>(definition: MiddlewareDefinition<H, O>): void;
  resources<H>(definition: ResourcesDefinition<H>): void;
  schemas<H>(definition: SchemasDefinition<H>): void;
  /** Lets services of this provider hold the host's system state (`[system.*]` sections). */
  systemStore<H>(definition: SystemStoreDefinition<H>): void;
  /** Offers a scripting language to the transform playground (`POST /transform/*`). */
  scriptEngine(definition: ScriptEngineDefinition): void;
  /** Runs at host shutdown, in reverse registration order. */
  onClose(hook: () => Promise<void> | void): void;
}

/** What a plugin author passes to {@link definePlugin}. @public */
export interface PluginSpec {
  /** Kebab-case id, unique among installed plugins (e.g. `kafka`, `schema-registry`). */
  id: string;
  /** The plugin's own version (semver), normally its package.json version. */
  version: string;
  /** The SDK versions this plugin works with, as a semver range (e.g. `^0.1.0`). */
  sdk: string;
  displayName?: string;
  description?: string;
  register(points: PluginRegistrationPoints): void;
}

/**
 * A plugin as the host sees it: a branded plain object. The host checks `$$type` and
 * `apiVersion`, never `instanceof`, so a plugin bundling its own SDK copy still loads.
 * @public
 */
export interface MstreamPlugin extends Readonly<PluginSpec> {
  readonly $$type: '@mstream/Plugin';
  readonly apiVersion: number;
}

const ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Declares a plugin. Export the result as the package's default export:
 * ```ts
 * export default definePlugin({ id: 'redis', version: '1.0.0', sdk: '^0.1.0', register(r) { r.source(...) } });
 * ```
 * Throws immediately on an invalid id so the mistake shows at import time.
 * @public
 */
export function definePlugin(spec: PluginSpec): MstreamPlugin {
  if (!ID_PATTERN.test(spec.id)) {
    throw new TypeError(`definePlugin: id "${spec.id}" must be kebab-case (e.g. "my-plugin")`);
  }
  return Object.freeze({ ...spec, $$type: '@mstream/Plugin' as const, apiVersion: PLUGIN_API_VERSION });
}

/** True when a value looks like a plugin made by any copy of {@link definePlugin}. @public */
export function isMstreamPlugin(value: unknown): value is MstreamPlugin {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { $$type?: unknown }).$$type === '@mstream/Plugin' &&
    typeof (value as { register?: unknown }).register === 'function'
  );
}

/**
 * The `mstream` field of a plugin's package.json, read by discovery without running the
 * plugin's code (the marketplace shows `provides` before install).
 * @public
 */
export interface PluginManifest {
  apiVersion: number;
  role: 'connector-plugin';
  /** `kind:provider` pairs, e.g. `["service:kafka", "source:kafka"]`. */
  provides: string[];
}
