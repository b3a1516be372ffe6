import type { ConfigIssue, ConfigSchema, PathKind } from '@mstream/sdk';
import { joinPath } from './env-refs.js';
import type { FilesRoot } from './files-root.js';

/**
 * Checks every string of `data` whose schema field is marked `x-path` against the files root and
 * replaces it, in place, with the resolved absolute path; returns an issue per refused path,
 * located under `basePath`. Fields are found through `properties`, `additionalProperties`, array
 * `items` and every `oneOf`/`anyOf`/`allOf` branch: a branch that did not match the data costs
 * at most a stricter check, never a missed one.
 */
export function confinePaths(schema: ConfigSchema, data: unknown, basePath: string, root: FilesRoot): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  walk(schema, data, basePath, root, issues);
  // Two branches marking the same field would report it twice.
  return issues.filter((issue, i) => issues.findIndex((o) => o.path === issue.path && o.message === issue.message) === i);
}

function walk(schema: ConfigSchema, data: unknown, at: string, root: FilesRoot, issues: ConfigIssue[]): void {
  for (const branch of branches(schema)) walk(branch, data, at, root, issues);
  if (Array.isArray(data)) {
    if (isSchema(schema.items)) data.forEach((_, i) => visit(schema.items!, data, i, `${at}[${i}]`, root, issues));
    return;
  }
  if (!isRecord(data)) return;
  for (const key of Object.keys(data)) {
    const field = schema.properties?.[key] ?? (isSchema(schema.additionalProperties) ? schema.additionalProperties : undefined);
    if (field) visit(field, data, key, joinPath(at, key), root, issues);
  }
}

/** One value of a container: a marked string is confined and replaced, anything else walked. */
function visit(field: ConfigSchema, container: Record<string, unknown> | unknown[], key: string | number, at: string, root: FilesRoot, issues: ConfigIssue[]): void {
  const value = (container as Record<string, unknown>)[key as string];
  if (typeof value === 'string') {
    if (!pathKindOf(field)) return;
    const issue = root.check(value, at, (resolved) => ((container as Record<string, unknown>)[key as string] = resolved));
    if (issue) issues.push(issue);
    return;
  }
  walk(field, value, at, root, issues);
}

/** The field's `x-path`, or that of a branch (e.g. `oneOf: [{ type: 'string', 'x-path': 'file' }, …]`). */
function pathKindOf(field: ConfigSchema): PathKind | undefined {
  return (field['x-path'] as PathKind | undefined) ?? branches(field).map(pathKindOf).find(Boolean);
}

function branches(schema: ConfigSchema): ConfigSchema[] {
  return [schema.oneOf, schema.anyOf, schema.allOf].flatMap((list) => (Array.isArray(list) ? list.filter(isSchema) : []));
}

function isSchema(value: unknown): value is ConfigSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
