import { PLUGIN_ID } from './params.js';
import { arrayOf, BOOLEAN, JSON_SCHEMA_OBJECT, object, ref, STRING, type JsonSchema } from './json-schema.js';

/** Every kind a plugin can contribute (registry/plugin-registry.ts). */
export const CONTRIBUTION_KINDS = ['service', 'source', 'sink', 'middleware', 'resources', 'schemas', 'store', 'engine'] as const;

const RECORD_PROPERTIES: Record<string, JsonSchema> = {
  // Not PLUGIN_ID: a record also stands for a package that failed to load, whatever its name.
  id: STRING,
  version: STRING,
  sdk: { ...STRING, description: 'The SDK range it was built for' },
  status: { type: 'string', enum: ['loaded', 'failed'] },
  origin: { type: 'string', enum: ['workspace', 'package', 'plugin-path', 'inline'] },
  package: STRING,
  dir: STRING,
  description: STRING,
  provides: { ...arrayOf(STRING), description: '`kind:provider` pairs' },
  deferred: { ...BOOLEAN, description: 'A lazy plugin whose code is not imported yet: it loads the first time one of its providers is used' },
  error: object({ code: STRING, message: STRING }, ['code', 'message'], false, 'Why it failed to load'),
};
const RECORD_REQUIRED = ['id', 'version', 'sdk', 'status', 'origin', 'provides'];

/** Installed plugins, the marketplace (an npm registry) and the providers they contribute. */
export const PLUGIN_SCHEMAS= {
  Plugin: object({ ...RECORD_PROPERTIES, removable: { ...BOOLEAN, description: 'Installed with POST /plugins, so DELETE can remove it' } }, [...RECORD_REQUIRED, 'removable'], false),
  PluginList: arrayOf(ref('Plugin')),
  InstalledPlugin: object({ ...RECORD_PROPERTIES, replaced_version: { ...STRING, description: 'The version this install replaced' } }, RECORD_REQUIRED, false),
  RemovedPlugin: object({ message: STRING, id: PLUGIN_ID, package: STRING, version: STRING }, ['message', 'id', 'package', 'version'], false),
  InstallRequest: object({ spec: { type: 'string', minLength: 1, maxLength: 500, description: 'name[@version], a .tgz path or a folder on the host, e.g. "mstream-plugin-redis-streams@0.1.0"' } }, ['spec'], false),
  MarketplaceEntry: object(
    {
      name: STRING,
      version: STRING,
      description: STRING,
      keywords: arrayOf(STRING),
      provides: { ...arrayOf(STRING), description: '`kind:provider` pairs from the package\'s `mstream.provides`' },
      sdk: { ...STRING, nullable: true, description: 'The `@mstream/sdk` peer range, null when none is declared' },
      compatible: { ...BOOLEAN, description: 'Whether an install would pass this host\'s SDK check' },
      installed_version: { ...STRING, nullable: true },
    },
    ['name', 'version', 'description', 'keywords', 'provides', 'sdk', 'compatible', 'installed_version'],
    false,
  ),
  MarketplaceSearch: object({ registry: STRING, results: arrayOf(ref('MarketplaceEntry')) }, ['registry', 'results'], false),
  Provider: object(
    {
      provider: STRING,
      plugin: STRING,
      kinds: arrayOf({ type: 'string', enum: [...CONTRIBUTION_KINDS] }),
      description: STRING,
      config_schema: { ...JSON_SCHEMA_OBJECT, description: 'The JSON Schema of a service of this provider' },
      ...Object.fromEntries(CONTRIBUTION_KINDS.filter((k) => k !== 'service').map((kind) => [`${kind}_options_schema`, { ...JSON_SCHEMA_OBJECT, description: `The JSON Schema of a ${kind}'s options` }])),
    },
    ['provider', 'plugin', 'kinds'],
    false,
    'A provider with the option schemas that drive generated forms',
  ),
  ProviderList: arrayOf(ref('Provider')),
} satisfies Record<string, JsonSchema>;
