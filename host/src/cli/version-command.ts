import { SDK_VERSION } from '@mstream/sdk';
import { findPluginPackages } from '../discovery/find-plugin-packages.js';
import { bundledPluginRoots } from '../discovery/install-layout.js';
import { HOST_VERSION } from '../host.js';

/**
 * `mstream --version`: the host, the SDK it runs with and the plugins installed next to it
 * (the ones a start loads besides those in the data folder), e.g.
 * `mstream 0.1.0 (sdk 0.1.0; plugins: datagen 0.1.0, file 0.1.0, …)`. Reads package.json files
 * only: no plugin code runs, so it answers even when a plugin is broken.
 */
export async function versionLine(): Promise<string> {
  const packages = await findPluginPackages({ ...bundledPluginRoots(), pluginPath: [] });
  const plugins = packages
    .map((p) => `${shortName(p.packageJson.name ?? p.dir)} ${p.packageJson.version ?? '?'}`)
    .sort();
  return `mstream ${HOST_VERSION} (sdk ${SDK_VERSION}; plugins: ${plugins.length ? plugins.join(', ') : 'none'})`;
}

/** `@mstream/plugin-kafka` → `kafka`; third-party names stay whole so they cannot be mistaken. */
function shortName(name: string): string {
  return name.startsWith('@mstream/plugin-') ? name.slice('@mstream/plugin-'.length) : name;
}
