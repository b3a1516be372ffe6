import semver from 'semver';
import { ConnectionError, SDK_VERSION } from '@mstream/sdk';

/** The keyword every published mstream plugin carries (`keywords` in its package.json). */
export const PLUGIN_KEYWORD = 'mstream-plugin';

/** One installable plugin as `GET /plugins/search` and `mstream plugins search` show it. */
export interface MarketplaceEntry {
  name: string;
  version: string;
  description: string;
  keywords: string[];
  /** `kind:provider` pairs from the package's `mstream.provides`; empty when it declares none. */
  provides: string[];
  /** The `@mstream/sdk` peer range of that version, or null when it declares none. */
  sdk: string | null;
  /** True when `sdk` includes this host's SDK version (an install would pass the SDK check). */
  compatible: boolean;
  /** The version installed in this host's plugin folder, or null. */
  installed_version: string | null;
}

interface SearchObject {
  package: { name: string; version?: string; description?: string; keywords?: string[]; 'dist-tags'?: Record<string, string> };
}

interface Packument {
  'dist-tags'?: Record<string, string>;
  versions?: Record<string, { version: string; description?: string; peerDependencies?: Record<string, string>; mstream?: { provides?: string[] } }>;
}

const TIMEOUT_MS = 15_000;

/**
 * Lists installable plugins from an npm-compatible registry: packages with the `mstream-plugin`
 * keyword matching `text`. Uses the registry search API (`/-/v1/search`) and then each package's
 * packument for `mstream.provides` and the SDK range of its latest version. The npm registry
 * understands `keywords:` in the query; registries that do not (verdaccio) are asked for the
 * plain text, and the keyword is always checked here.
 */
export async function searchRegistry(registry: string, text: string, installed: Record<string, string>, size = 50): Promise<MarketplaceEntry[]> {
  const base = registry.replace(/\/+$/, '');
  const query = text.trim();
  let objects = await search(base, `keywords:${PLUGIN_KEYWORD}${query ? ` ${query}` : ''}`, size);
  if (objects.length === 0) objects = await search(base, query || PLUGIN_KEYWORD, size);
  const plugins = objects.filter((o) => o.package.keywords?.includes(PLUGIN_KEYWORD));
  const entries = await Promise.all(plugins.map((o) => describe(base, o, installed)));
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

async function search(base: string, text: string, size: number): Promise<SearchObject[]> {
  const body = await getJson<{ objects?: SearchObject[] }>(`${base}/-/v1/search?text=${encodeURIComponent(text)}&size=${size}`);
  return body.objects ?? [];
}

async function describe(base: string, found: SearchObject, installed: Record<string, string>): Promise<MarketplaceEntry> {
  const { name } = found.package;
  const packument = await getJson<Packument>(`${base}/${name.replace('/', '%2f')}`).catch(() => ({}) as Packument);
  const version = packument['dist-tags']?.latest ?? found.package.version ?? found.package['dist-tags']?.latest ?? '';
  const manifest = packument.versions?.[version];
  const sdk = manifest?.peerDependencies?.['@mstream/sdk'] ?? null;
  return {
    name,
    version,
    description: manifest?.description ?? found.package.description ?? '',
    keywords: found.package.keywords ?? [],
    provides: manifest?.mstream?.provides ?? [],
    sdk,
    compatible: sdk !== null && semver.validRange(sdk) !== null && semver.satisfies(SDK_VERSION, sdk, { includePrerelease: true }),
    installed_version: installed[name] ?? null,
  };
}

async function getJson<T>(url: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new ConnectionError(`cannot reach the plugin registry at ${new URL(url).origin}: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) {
    if (response.status >= 500) throw new ConnectionError(`the plugin registry answered ${response.status} for ${url}`);
    throw new ConnectionError(`the plugin registry answered ${response.status} for ${url}`, { retriable: false });
  }
  return (await response.json()) as T;
}
