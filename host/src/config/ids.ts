import { ConfigValidationError, type ConfigIssue } from '@mstream/sdk';

/**
 * The one pattern for every name or id that becomes a file name, a path segment or a store key:
 * job and service names, test suite, schema, workspace and dead-letter ids. It starts with a
 * letter or digit (so never `.`/`..` or a hidden file), holds no separator, NUL or space, and is at
 * most 128 characters, so it is safe as a file name on every platform and in a URL path segment.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The same pattern as a JSON Schema / OpenAPI `pattern` string. */
export const ID_PATTERN_SOURCE = ID_PATTERN.source;

/** What a client is told when an id does not match. */
export const ID_RULE = 'must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 128 characters)';

/** JSON Schema of an id, for request bodies and path parameters in the OpenAPI document. */
export const ID_SCHEMA = { type: 'string', pattern: ID_PATTERN_SOURCE, minLength: 1, maxLength: 128 } as const;

export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** The issue for `field` when `value` is no valid id, else undefined. */
export function idIssue(value: unknown, field: string): ConfigIssue | undefined {
  if (typeof value !== 'string' || value === '') return { path: field, message: 'is required' };
  return ID_PATTERN.test(value) ? undefined : { path: field, message: ID_RULE };
}

/** Throws MS_ERR_CONFIG_INVALID (400 over the API) naming `field` when `value` is no valid id. */
export function assertId(value: unknown, field: string): asserts value is string {
  const issue = idIssue(value, field);
  if (issue) throw new ConfigValidationError([issue]);
}
