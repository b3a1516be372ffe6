import { isMstreamError } from '@mstream/sdk';
import { Host } from '../host.js';
import { PluginAdmin } from '../plugin-admin/plugin-admin.js';
import type { MarketplaceEntry } from '../plugin-admin/registry-search.js';
import { scaffoldPlugin } from './scaffold-plugin.js';

import { PLUGINS_HELP } from './plugins-help.js';

export { PLUGINS_HELP };

interface Flags {
  positional: string[];
  registry?: string;
  url?: string;
  dir?: string;
}

function parseFlags(args: string[]): Flags {
  const flags: Flags = { positional: [] };
  for (let i = 0; i < args.length; i++) {
    const [name, inline] = args[i].split(/=(.*)/s, 2);
    const value = () => inline ?? args[++i];
    if (name === '--registry') flags.registry = value();
    else if (name === '--url') flags.url = value();
    else if (name === '--dir') flags.dir = value();
    else flags.positional.push(args[i]);
  }
  return flags;
}

/**
 * `mstream plugins …`. add/remove work on the plugin folder of MSTREAM_DATA_DIR (the host picks
 * the change up at its next start), or, with `--url`, on a running host through its API
 * (`POST /plugins`, `DELETE /plugins/{id}`, token from MSTREAM_API_TOKEN) with no restart.
 */
export async function pluginsCommand(sub: string | undefined, args: string[]): Promise<number> {
  const flags = parseFlags(args);
  const [target] = flags.positional;
  try {
    switch (sub ?? 'list') {
      case 'list':
        return await list();
      case 'search':
        return await search(flags);
      case 'add':
        if (!target) return usage('mstream plugins add needs a SPEC: name[@version], a .tgz file or a folder');
        return await add(target, flags);
      case 'remove':
        if (!target) return usage('mstream plugins remove needs the plugin ID (see mstream plugins list)');
        return await remove(target, flags);
      case 'new':
        if (!target) return usage('mstream plugins new needs an ID, e.g. mstream plugins new acme-queue');
        return await scaffold(target, flags);
      default:
        return usage(`unknown plugins command "${sub}"`);
    }
  } catch (error) {
    console.error(`mstream plugins ${sub}: ${isMstreamError(error) ? `${error.code}: ` : ''}${(error as Error).message}`);
    return 1;
  }
}

function usage(message: string): number {
  console.error(`${message}\n\n${PLUGINS_HELP}`);
  return 2;
}

async function list(): Promise<number> {
  const host = new Host({ logStdout: false });
  await host.prepare();
  // A listing reports load errors: lazy plugins are loaded here, as a started host would on first use.
  await host.registry.loadAll();
  const admin = new PluginAdmin({ dataDir: host.dataDir, registry: host.registry, logger: host.logger });
  for (const p of host.registry.list()) {
    const installed = (await admin.isRemovable(p)) ? '  (installed)' : '';
    console.log(`${p.status === 'loaded' ? '✓' : '✗'} ${p.id}@${p.version}  sdk ${p.sdk || '?'}  ${p.origin}${installed}  ${p.provides.join(', ')}${p.error ? `\n    ${p.error.code}: ${p.error.message}` : ''}`);
  }
  return 0;
}

async function search(flags: Flags): Promise<number> {
  const host = new Host({ logStdout: false });
  const admin = new PluginAdmin({ dataDir: host.dataDir, registry: host.registry, logger: host.logger, npmRegistry: flags.registry });
  const results = await admin.search(flags.positional.join(' '));
  if (results.length === 0) console.log(`no plugins matching "${flags.positional.join(' ')}" on ${admin.npmRegistry}`);
  for (const entry of results) console.log(formatEntry(entry));
  return 0;
}

export function formatEntry(e: MarketplaceEntry): string {
  const state = e.installed_version ? `  [installed ${e.installed_version}]` : '';
  const compat = e.compatible ? '' : `  [incompatible: needs SDK ${e.sdk ?? '(undeclared)'}]`;
  return `${e.name}@${e.version}${state}${compat}\n    ${e.description}\n    provides: ${e.provides.join(', ') || '(not declared)'}`;
}

async function add(spec: string, flags: Flags): Promise<number> {
  if (flags.url) {
    const added = await api(flags.url, 'POST', '/plugins', { spec });
    console.log(`installed ${added.id}@${added.version} into the running host (provides ${added.provides.join(', ')})`);
    return 0;
  }
  const host = new Host({ logStdout: false });
  await host.prepare();
  const admin = new PluginAdmin({ dataDir: host.dataDir, registry: host.registry, logger: host.logger, npmRegistry: flags.registry });
  const record = await admin.add(spec);
  console.log(`installed ${record.id}@${record.version} into ${admin.paths.root} (provides ${record.provides.join(', ')})`);
  console.log('a running host loads it at its next start; or install through the API (--url) to use it at once');
  return 0;
}

async function remove(id: string, flags: Flags): Promise<number> {
  if (flags.url) {
    await api(flags.url, 'DELETE', `/plugins/${encodeURIComponent(id)}`);
  } else {
    const host = new Host({ logStdout: false });
    await host.prepare();
    await new PluginAdmin({ dataDir: host.dataDir, registry: host.registry, logger: host.logger }).remove(id);
  }
  console.log(`removed plugin ${id}`);
  return 0;
}

async function scaffold(id: string, flags: Flags): Promise<number> {
  const result = await scaffoldPlugin(id, flags.dir ?? process.cwd());
  console.log(`created ${result.packageName} in ${result.dir} (SDK: vendor/${result.sdkTarball})

next:
  cd ${result.dir}
  npm install          # dev tools and the vendored SDK
  npm run build        # dist/
  npm test             # the acceptance kit against your plugin
  npm publish --registry <URL>                      # share it (keyword mstream-plugin)
  mstream plugins add ${result.packageName}         # or: mstream plugins add ${result.dir}`);
  return 0;
}

async function api(url: string, method: string, route: string, body?: unknown): Promise<any> {
  const token = process.env.MSTREAM_API_TOKEN;
  const response = await fetch(url.replace(/\/+$/, '') + route, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const parsed = (await response.json().catch(() => ({}))) as { message?: string; code?: string };
  if (!response.ok) throw new Error(`${response.status} ${parsed.code ?? ''}: ${parsed.message ?? response.statusText}`);
  return parsed;
}
