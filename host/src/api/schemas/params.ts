import { ID_PATTERN_SOURCE, ID_RULE, ID_SCHEMA } from '../../config/ids.js';
import type { JsonSchema } from './json-schema.js';

/**
 * The name rules of path and query parameters. Names that become file names, path segments or
 * store keys follow the one id rule (config/ids.ts); plugin ids and resource names have their
 * own, because npm packages and topic, collection and file names are not ours to choose.
 */

/** Job, service, test suite, schema and dead-letter ids. */
export const ID: JsonSchema = { ...ID_SCHEMA, description: `An id: ${ID_RULE}` };

/**
 * Plugin ids are npm package names (a plugin's id is its package name or a kebab-case name):
 * lower case, optionally `@scope/`, never starting with `.` or `_`, at most 214 characters.
 */
export const PLUGIN_ID_PATTERN_SOURCE = '^(@[a-z0-9~-][a-z0-9._~-]*/)?[a-z0-9~-][a-z0-9._~-]*$';
export const PLUGIN_ID_RULE = 'must be an npm package name: lower case letters, digits, "-", ".", "_" and "~", optionally "@scope/" first, not starting with "." or "_" (at most 214 characters)';
export const PLUGIN_ID: JsonSchema = { type: 'string', pattern: PLUGIN_ID_PATTERN_SOURCE, minLength: 1, maxLength: 214, description: `A plugin id: it ${PLUGIN_ID_RULE}` };

/**
 * Resource names are the plugin's (Kafka topics, MongoDB collections, file and script names), so
 * the id rule would be too strict; one path segment is the least every plugin can rely on: no
 * "/" or "\", no control character (NUL included), not "." or "..", at most 255 characters.
 */
export const RESOURCE_PATTERN_SOURCE = '^[^/\\\\\\u0000-\\u001F]+$';
export const RESOURCE_RULE = 'must be one path segment: no "/", "\\" or control characters, not "." or ".." (at most 255 characters)';
export const RESOURCE_NAME: JsonSchema = {
  type: 'string', pattern: RESOURCE_PATTERN_SOURCE, minLength: 1, maxLength: 255, not: { enum: ['.', '..'] },
  description: `A resource name (topic, collection, file, script): it ${RESOURCE_RULE}`,
};

/**
 * Stored schema ids are the schema store's (a registry's `subject/versions/3`, a MongoDB key), so
 * they may hold "/"; the host never makes a path of them. No control characters, at most 1024.
 */
export const SCHEMA_ID_PATTERN_SOURCE = '^[^\\u0000-\\u001F]+$';
export const SCHEMA_ID_RULE = 'must be 1 to 1024 characters without control characters';
export const SCHEMA_ID: JsonSchema = { type: 'string', pattern: SCHEMA_ID_PATTERN_SOURCE, minLength: 1, maxLength: 1024, description: `A stored schema's id, as its store names it: it ${SCHEMA_ID_RULE}` };

/** What a client is told when a value misses one of these patterns (ajv only says "must match pattern"). */
export const PATTERN_RULES: Record<string, string> = {
  [ID_PATTERN_SOURCE]: ID_RULE,
  [PLUGIN_ID_PATTERN_SOURCE]: PLUGIN_ID_RULE,
  [RESOURCE_PATTERN_SOURCE]: RESOURCE_RULE,
  [SCHEMA_ID_PATTERN_SOURCE]: SCHEMA_ID_RULE,
};

/**
 * What a path parameter is when its route says nothing else: `:name` (a job or service), `:id`
 * (a dead letter, schema or test suite) and `:resource`. A route with other ids (plugins) names
 * its own; a parameter neither knows is a programming error (api-routes.ts).
 */
export const DEFAULT_PATH_PARAMS: Record<string, { description: string; schema: JsonSchema }> = {
  name: { description: 'The job\'s or service\'s name', schema: ID },
  id: { description: 'The id', schema: ID },
  resource: { description: 'The resource\'s name', schema: RESOURCE_NAME },
};
