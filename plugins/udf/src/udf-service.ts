import { ConfigValidationError, type ServiceDefinition } from '@mstream/sdk';
import { isScriptName } from './script-name.js';
import { ScriptStore } from './script-store.js';

/** Service config as validated by the schema below. */
export interface UdfConfig {
  script_path?: string;
  engine: { kind: 'javascript' };
  sources: Array<{ filename: string; content: string }>;
}

/** The `udf` service: a set of JavaScript scripts, in a folder and/or inline in the config. */
export const udfService: ServiceDefinition<UdfConfig, ScriptStore> = {
  provider: 'udf',
  displayName: 'JavaScript UDFs',
  description: 'Sandboxed JavaScript transform scripts (QuickJS) kept in a folder or inline.',
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      script_path: {
        type: 'string',
        minLength: 1,
        // x-path: the host confines the folder to its files root and hands over the absolute path.
        'x-path': 'folder',
        description: 'Folder holding the *.js scripts, inside the host\'s files root (relative paths start there); created if missing. Inline sources are written into it at connect.',
        'x-order': 1,
      },
      engine: {
        type: 'object',
        additionalProperties: false,
        default: { kind: 'javascript' },
        properties: { kind: { type: 'string', enum: ['javascript'], default: 'javascript' } },
        description: 'Script engine; only "javascript" (QuickJS) exists.',
        'x-advanced': true,
      },
      sources: {
        type: 'array',
        default: [],
        description: 'Inline scripts. Kept in memory when script_path is not set.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['filename', 'content'],
          properties: {
            filename: { type: 'string', minLength: 1, description: 'A single file name ending in .js.' },
            content: { type: 'string', description: 'The script source.' },
          },
        },
        'x-order': 2,
      },
    },
  },
  async connect(config) {
    const issues = config.sources.flatMap((s, i) =>
      isScriptName(s.filename) ? [] : [{ path: `sources[${i}].filename`, message: `invalid script file name "${s.filename}": use a single file name ending in .js (no "/" or "..")` }],
    );
    if (!config.script_path && config.sources.length === 0) issues.push({ path: 'script_path', message: 'set script_path or give at least one inline source' });
    if (issues.length) throw new ConfigValidationError(issues);
    // Absolute and checked when a host validated the config; used as given when embedded.
    const store = new ScriptStore(config.script_path);
    for (const source of config.sources) await store.write(source.filename, source.content);
    // Listing once proves the folder is usable before any job relies on it.
    await store.list();
    return store;
  },
  async check(store) {
    await store.list();
  },
};
