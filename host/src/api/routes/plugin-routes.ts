import type { ContributionKind } from '@mstream/sdk';
import type { ApiRoutes } from '../api-routes.js';
import type { ApiDeps } from '../api-deps.js';

const KINDS: ContributionKind[] = ['service', 'source', 'sink', 'middleware', 'resources', 'schemas', 'store', 'engine'];

export function registerPluginRoutes(api: ApiRoutes, deps: ApiDeps): void {
  api.add({
    method: 'get', path: '/plugins', tag: 'plugins', summary: 'Installed plugins: version, SDK range, what each provides, load errors',
    handler: () => deps.registry.list(),
  });

  api.add({
    method: 'get', path: '/providers', tag: 'plugins', summary: 'Every provider with its option schemas (drives generated forms)',
    handler: () => {
      const providers = new Map<string, Record<string, unknown>>();
      for (const kind of KINDS) {
        for (const provider of deps.registry.providers(kind)) {
          const contribution = deps.registry.get(kind, provider)!;
          const entry = providers.get(provider) ?? { provider, plugin: contribution.pluginId, kinds: [] as string[] };
          (entry.kinds as string[]).push(kind);
          const def = contribution.definition as { configSchema?: unknown; optionsSchema?: unknown; description?: string };
          if (kind === 'service') Object.assign(entry, { config_schema: def.configSchema, description: def.description });
          else if (def.optionsSchema) entry[`${kind}_options_schema`] = def.optionsSchema;
          providers.set(provider, entry);
        }
      }
      return [...providers.values()];
    },
  });
}
