import { DEAD_LETTER_SCHEMAS } from './dead-letter-schemas.js';
import { ERROR_SCHEMAS } from './error-schemas.js';
import { JOB_SCHEMAS } from './job-schemas.js';
import { LOG_SCHEMAS } from './log-schemas.js';
import { PLUGIN_SCHEMAS } from './plugin-schemas.js';
import { SCHEMA_TOOL_SCHEMAS } from './schema-tool-schemas.js';
import { SECURITY_SCHEMAS } from './security-schemas.js';
import { SERVICE_SCHEMAS } from './service-schemas.js';
import { SYSTEM_SCHEMAS } from './system-schemas.js';
import { DRY_RUN_SCHEMAS, TAP_SCHEMAS } from './tap-schemas.js';
import { TEST_SUITE_SCHEMAS } from './test-suite-schemas.js';
import { TRANSFORM_SCHEMAS } from './transform-schemas.js';
import { WORKSPACE_SCHEMAS } from './workspace-schemas.js';
import { ref, type JsonSchema } from './json-schema.js';

/**
 * Every named schema of the API: `components.schemas` of GET /openapi.json, which the dashboard
 * generates its types from, so names are the types' names and shapes are exact.
 */
export const COMPONENT_SCHEMAS = {
  ...ERROR_SCHEMAS,
  ...SYSTEM_SCHEMAS,
  ...JOB_SCHEMAS,
  ...DEAD_LETTER_SCHEMAS,
  ...SERVICE_SCHEMAS,
  ...PLUGIN_SCHEMAS,
  ...LOG_SCHEMAS,
  ...TAP_SCHEMAS,
  ...DRY_RUN_SCHEMAS,
  ...TEST_SUITE_SCHEMAS,
  ...WORKSPACE_SCHEMAS,
  ...TRANSFORM_SCHEMAS,
  ...SCHEMA_TOOL_SCHEMAS,
  ...SECURITY_SCHEMAS,
} satisfies Record<string, JsonSchema>;

export type ComponentName = keyof typeof COMPONENT_SCHEMAS;

/** `$ref` to a named schema; the name is checked at compile time against COMPONENT_SCHEMAS. */
export const schema = (name: ComponentName): JsonSchema => ref(name);
