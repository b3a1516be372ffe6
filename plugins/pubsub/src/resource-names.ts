import { ConfigValidationError } from '@mstream/sdk';

/** The kinds of Pub/Sub resource a connector or schema store names. */
export type ResourceKind = 'topics' | 'subscriptions' | 'schemas';

const FULL = /^projects\/([^/]+)\/(topics|subscriptions|schemas)\/([^/]+)$/;

/**
 * Expands a short resource id (`orders`) to its full name (`projects/{p}/topics/orders`); a full
 * name passes through unchanged. The original prefixed full names a second time (its PR #113),
 * which made configs written with full names fail: we never do.
 *
 * A full name of another kind (a subscription where a topic is expected) or a short id holding a
 * slash is a configuration mistake, reported at once rather than as a NOT_FOUND later.
 */
export function fullName(projectId: string, kind: ResourceKind, name: string, path = 'resource'): string {
  const match = FULL.exec(name);
  if (match) {
    if (match[2] !== kind) {
      throw new ConfigValidationError([{ path, message: `"${name}" names ${match[2]}, expected ${kind}` }]);
    }
    return name;
  }
  if (name.length === 0 || name.includes('/')) {
    throw new ConfigValidationError([{ path, message: `"${name}" is neither a short ${kind.slice(0, -1)} id nor projects/<project>/${kind}/<id>` }]);
  }
  return `projects/${projectId}/${kind}/${name}`;
}

/** The last segment of a full name (`projects/p/topics/orders` → `orders`); a short id is returned as is. */
export function shortName(name: string): string {
  const slash = name.lastIndexOf('/');
  return slash < 0 ? name : name.slice(slash + 1);
}
