import type { ConfigIssue } from '@mstream/sdk';

const ENV_PREFIX = 'env:';

/**
 * Replaces every string value of the form `env:VAR` with the variable's value, anywhere in the
 * tree (the original only did this for Kafka keys). A missing variable is reported as an issue at
 * the value's path rather than thrown, so all problems surface together.
 */
export function resolveEnvRefs(value: unknown, path: string, issues: ConfigIssue[], env = process.env): unknown {
  if (typeof value === 'string') {
    if (!value.startsWith(ENV_PREFIX)) return value;
    const name = value.slice(ENV_PREFIX.length);
    const resolved = env[name];
    if (resolved === undefined) {
      issues.push({ path, message: `environment variable "${name}" is not set` });
      return value;
    }
    return resolved;
  }
  if (Array.isArray(value)) return value.map((item, i) => resolveEnvRefs(item, `${path}[${i}]`, issues, env));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = resolveEnvRefs(item, joinPath(path, key), issues, env);
    return out;
  }
  return value;
}

/** Joins a config path, quoting keys that are not plain identifiers (`"bootstrap.servers"`). */
export function joinPath(base: string, key: string): string {
  const segment = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
  return base ? `${base}.${segment}` : segment;
}
