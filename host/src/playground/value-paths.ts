/**
 * Dotted paths into JSON values, as the original's assertions use them: `a.b`, `items.[0].id`
 * and the more common `items[0].id` are all accepted.
 */
export function parsePath(path: string): Array<string | number> {
  const segments: Array<string | number> = [];
  for (const part of path.split('.').filter((p) => p !== '')) {
    const re = /([^[\]]+)|\[(\d+)\]/g;
    let match: RegExpExecArray | null;
    while ((match = re.exec(part))) segments.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  }
  return segments;
}

export function formatPath(segments: Array<string | number>): string {
  return segments.reduce<string>((acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
}

/** The value at `path`, and whether it exists (a present null differs from a missing field). */
export function getAt(value: unknown, path: string): { found: boolean; value: unknown } {
  let current: unknown = value;
  for (const segment of parsePath(path)) {
    if (current === null || typeof current !== 'object') return { found: false, value: undefined };
    if (!(segment in (current as Record<string | number, unknown>))) return { found: false, value: undefined };
    current = (current as Record<string | number, unknown>)[segment];
  }
  return { found: true, value: current };
}

/** Every leaf path of a value (arrays by index), in document order; `{}` and `[]` count as leaves. */
export function leafPaths(value: unknown, prefix: Array<string | number> = []): Array<{ path: string; value: unknown }> {
  if (Array.isArray(value)) {
    if (value.length === 0) return prefix.length ? [{ path: formatPath(prefix), value }] : [];
    return value.flatMap((item, i) => leafPaths(item, [...prefix, i]));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return prefix.length ? [{ path: formatPath(prefix), value }] : [];
    return entries.flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
  }
  return [{ path: formatPath(prefix), value }];
}

/** JSON type name as assertions speak it: string, number, integer, boolean, null, array, object. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
