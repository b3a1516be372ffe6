import type { ContributionKind } from '@mstream/sdk';
import type { Context } from 'koa';
import type { ApiRoutes } from '../api-routes.js';
import { schema } from '../schemas/index.js';
import type { ApiDeps } from '../api-deps.js';
import { apiError } from '../api-error.js';
import type { PluginAdmin } from '../../plugin-admin/plugin-admin.js';
import { PLUGIN_ID } from '../schemas/params.js';

const KINDS: ContributionKind[] = ['service', 'source', 'sink', 'middleware', 'resources', 'schemas', 'store', 'engine'];

export function registerPluginRoutes(api: ApiRoutes, deps: ApiDeps): void {
  const admin = (): PluginAdmin => {
    const found = deps.plugins;
    if (!found) throw apiError('MS_ERR_UNSUPPORTED', 'this host was started without plugin administration');
    return found;
  };
  // Installing runs third-party code inside the host: only an authenticated caller may do it,
  // so a host without an API token (bound to localhost, no auth) refuses it over HTTP.
  const requireTokenConfigured = () => {
    if (!admin().apiTokenConfigured) {
      throw apiError('MS_ERR_UNAUTHORIZED', 'installing or removing plugins over the API needs an API token: restart the host with MSTREAM_API_TOKEN set (or use `mstream plugins add` on the host machine)');
    }
  };

  api.add({
    method: 'get', path: '/plugins', tag: 'plugins',
    summary: 'Installed plugins: version, SDK range, what each provides, load errors, whether `DELETE` can remove it',
    response: schema('PluginList'),
    handler: async () => {
      const found = deps.plugins;
      return Promise.all(deps.registry.list().map(async (record) => ({ ...record, removable: found ? await found.isRemovable(record) : false })));
    },
  });

  api.add({
    method: 'get', path: '/plugins/search', tag: 'plugins',
    summary: 'Installable plugins on the configured npm registry (keyword `mstream-plugin`) matching `q`',
    query: { q: { description: 'free text matched against name, description and keywords; empty lists every plugin', schema: { type: 'string', maxLength: 200 } } },
    response: schema('MarketplaceSearch'), errors: [503, 504],
    handler: async (ctx: Context) => {
      const q = typeof ctx.query.q === 'string' ? ctx.query.q : '';
      const registry = admin().npmRegistry;
      return { registry, results: await admin().search(q) };
    },
  });

  api.add({
    method: 'post', path: '/plugins', tag: 'plugins', status: 201,
    summary: 'Installs a plugin (name[@version] from the registry, a .tgz path or a folder on the host), checks it and enables it without a restart',
    body: schema('InstallRequest'),
    response: schema('InstalledPlugin'), errors: [409, 503, 504],
    handler: async (_ctx: Context, body: { spec: string }) => {
      requireTokenConfigured();
      return admin().add(body.spec);
    },
  });

  api.add({
    method: 'delete', path: '/plugins/:id', tag: 'plugins',
    summary: 'Disables and uninstalls a plugin installed with POST /plugins; 409 while a running job uses it',
    params: { id: { description: 'The plugin\'s id', schema: PLUGIN_ID } },
    response: schema('RemovedPlugin'), errors: [409],
    handler: async (ctx: Context) => {
      requireTokenConfigured();
      const removed = await admin().remove(ctx.params.id);
      return { message: `plugin "${removed.id}" removed`, ...removed };
    },
  });

  api.add({
    method: 'get', path: '/providers', tag: 'plugins', summary: 'Every provider with its option schemas (drives generated forms)',
    response: schema('ProviderList'),
    handler: async () => {
      // Every provider's schemas are asked for: lazy plugins are loaded (once) to show theirs.
      await deps.registry.loadAll();
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
