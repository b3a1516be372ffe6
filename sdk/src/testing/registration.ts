import type { MiddlewareDefinition } from '../middleware.js';
import type { ContributionKind, MstreamPlugin } from '../plugin.js';
import type { ResourcesDefinition } from '../resources.js';
import type { SchemasDefinition } from '../schema-store.js';
import type { ServiceDefinition } from '../service.js';
import type { SinkDefinition } from '../sink.js';
import type { SourceDefinition } from '../source.js';
import type { SystemStoreDefinition } from '../system-store.js';
import type { ScriptEngineDefinition } from '../script-engine.js';

/** Everything one call of a plugin's `register` recorded, keyed by provider. @public */
export interface Registration {
  readonly services: Map<string, ServiceDefinition<Record<string, unknown>, unknown>>;
  readonly sources: Map<string, SourceDefinition<unknown, Record<string, unknown>>>;
  readonly sinks: Map<string, SinkDefinition<unknown, Record<string, unknown>>>;
  readonly middlewares: Map<string, MiddlewareDefinition<unknown, Record<string, unknown>>>;
  readonly resources: Map<string, ResourcesDefinition<unknown>>;
  readonly schemas: Map<string, SchemasDefinition<unknown>>;
  readonly systemStores: Map<string, SystemStoreDefinition<unknown>>;
  readonly scriptEngines: Map<string, ScriptEngineDefinition>;
  /** `kind:provider` pairs in registration order, as `mstream.provides` should list them. */
  readonly provides: string[];
  /** Shutdown hooks in registration order (run them in reverse). */
  readonly onClose: Array<() => Promise<void> | void>;
}

/**
 * Calls `plugin.register` with recording registration points, as the host's registry would.
 * Throws a `TypeError` when a `(kind, provider)` pair is registered twice, which the host reports
 * as a load error. Synchronous: registration must do no I/O.
 * @public
 */
export function recordRegistration(plugin: MstreamPlugin): Registration {
  const registration: Registration = {
    services: new Map(),
    sources: new Map(),
    sinks: new Map(),
    middlewares: new Map(),
    resources: new Map(),
    schemas: new Map(),
    systemStores: new Map(),
    scriptEngines: new Map(),
    provides: [],
    onClose: [],
  };
  const add = <D extends { provider: string }>(kind: ContributionKind, map: Map<string, D>, definition: D) => {
    if (map.has(definition.provider)) {
      throw new TypeError(`plugin "${plugin.id}" registers ${kind} "${definition.provider}" twice`);
    }
    map.set(definition.provider, definition);
    registration.provides.push(`${kind}:${definition.provider}`);
  };
  // The definitions' generic parameters are erased here: the kit only ever passes values that
  // went through the definition's own schema, exactly as the host does.
  plugin.register({
    service: (d) => add('service', registration.services, d as unknown as ServiceDefinition<Record<string, unknown>, unknown>),
    source: (d) => add('source', registration.sources, d as unknown as SourceDefinition<unknown, Record<string, unknown>>),
    sink: (d) => add('sink', registration.sinks, d as unknown as SinkDefinition<unknown, Record<string, unknown>>),
    middleware: (d) => add('middleware', registration.middlewares, d as unknown as MiddlewareDefinition<unknown, Record<string, unknown>>),
    resources: (d) => add('resources', registration.resources, d as unknown as ResourcesDefinition<unknown>),
    schemas: (d) => add('schemas', registration.schemas, d as unknown as SchemasDefinition<unknown>),
    systemStore: (d) => add('store', registration.systemStores, d as unknown as SystemStoreDefinition<unknown>),
    scriptEngine: (d) => add('engine', registration.scriptEngines, d),
    onClose: (hook) => {
      registration.onClose.push(hook);
    },
  });
  return registration;
}
