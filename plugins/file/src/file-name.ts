import { ConfigValidationError } from '@mstream/sdk';

/**
 * Checks that a resource names a file directly inside the service folder: one path component,
 * so a connector can never write or read outside the folder (`../x`, `/etc/x`, `a/b`).
 * Throws `MS_ERR_CONFIG_INVALID` with the issue at `path` (default `resource`).
 */
export function assertFileName(name: string, path = 'resource'): void {
  const problem =
    name.length === 0 ? 'must not be empty'
    : name === '.' || name === '..' ? `"${name}" is not a file name`
    : /[/\\]/.test(name) ? `"${name}" must be a single file name, without "/" or "\\"`
    : name.includes('\0') ? 'must not contain a NUL character'
    : undefined;
  if (problem) throw new ConfigValidationError([{ path, message: problem }]);
}
