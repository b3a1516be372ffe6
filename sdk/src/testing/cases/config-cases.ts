import assert from 'node:assert/strict';
import type { ConfigSchema } from '../../config-schema.js';
import { ConfigValidator } from '../config-validator.js';
import type { Harness } from '../harness.js';
import type { AcceptanceCase } from './case.js';

/** Removing any required key of the service config is reported, naming that key. */
export const configRequired: AcceptanceCase = {
  id: 'config.required',
  summary: 'removing any required service key yields an issue naming that key',
  notApplicable: () => undefined,
  async run(harness: Harness) {
    const validator = new ConfigValidator();
    const schema = harness.serviceDef.configSchema;
    const config = harness.driver.service();
    assert.deepEqual(validator.check(schema, config).issues, [], 'the driver service config must validate as given');
    for (const key of schema.required ?? []) {
      const without = { ...config };
      delete without[key];
      const { issues } = validator.check(schema, without);
      assert.ok(
        issues.some((issue) => issue.path === key),
        `deleting required "${key}" must yield an issue with path "${key}", got ${JSON.stringify(issues)}`,
      );
    }
  },
};

/**
 * Names that carry credentials. Matches whole words inside snake/kebab/camel names, so
 * `partition_key` or `key_field` are not flagged but `api_key`, `private_key` and `password` are.
 */
const SECRET_NAME =
  /(password|passwd|secret|token|credential|connection[_-]?string|(^|[_-])key$|(api|access|private|secret|auth|signing)[_-]?key|apikey)/i;

/** Every property that looks like a credential carries `x-secret: true`, so the host masks it. */
export const configSecretsMarked: AcceptanceCase = {
  id: 'config.secretsMarked',
  summary: 'credential-like properties carry x-secret',
  notApplicable: () => undefined,
  async run(harness: Harness) {
    const unmarked: string[] = [];
    const schemas: Array<[string, ConfigSchema | undefined]> = [
      ['service', harness.serviceDef.configSchema],
      ['source.options', harness.sourceDef?.optionsSchema],
      ['sink.options', harness.sinkDef?.optionsSchema],
    ];
    for (const [prefix, schema] of schemas) if (schema) collectUnmarked(schema, prefix, unmarked);
    assert.deepEqual(unmarked, [], `credential-like properties must carry "x-secret": true`);
  },
};

function collectUnmarked(schema: ConfigSchema, path: string, out: string[]): void {
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const where = `${path}.${name}`;
    const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
    if (SECRET_NAME.test(snake) && property['x-secret'] !== true && !isNonSecretType(property)) out.push(where);
    collectUnmarked(property, where, out);
  }
  if (schema.items) collectUnmarked(schema.items, `${path}[]`, out);
  for (const variant of [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) collectUnmarked(variant, path, out);
}

/**
 * A boolean or a number (`use_token: true`, `token_ttl_s: 60`) cannot hold a credential, and an
 * object with declared properties (`credentials: { user, password }`) is checked field by field.
 */
function isNonSecretType(schema: ConfigSchema): boolean {
  if (schema.type === 'object' && schema.properties !== undefined) return true;
  return schema.type === 'boolean' || schema.type === 'integer' || schema.type === 'number';
}
