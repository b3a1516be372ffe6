import type { Issue, JsonSchema } from '../api/types';

export interface FieldDef {
  key: string;
  schema: JsonSchema;
  required: boolean;
  advanced: boolean;
}

/** The properties of an object schema as form fields, in `x-order` then declaration order. */
export function fieldsOf(schema: JsonSchema | undefined): FieldDef[] {
  const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set<string>((schema?.required as string[]) ?? []);
  return Object.entries(props)
    .map(([key, s], i) => ({ key, schema: s, required: required.has(key), advanced: s['x-advanced'] === true, order: (s['x-order'] as number) ?? 1000 + i }))
    .sort((a, b) => a.order - b.order)
    .map(({ order: _order, ...f }) => f);
}

/** Values a new form starts with: every declared default, recursively for nested objects. */
export function defaultsOf(schema: JsonSchema | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fieldsOf(schema)) {
    if (f.schema.default !== undefined) out[f.key] = structuredClone(f.schema.default);
    else if (f.schema.type === 'object' && f.schema.properties && f.required) out[f.key] = defaultsOf(f.schema);
  }
  return out;
}

/** Secret fields: flagged by the plugin, or named like the host's own secret heuristic. */
export function isSecret(key: string, schema: JsonSchema): boolean {
  return schema['x-secret'] === true || schema.writeOnly === true;
}

export function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return 'enum';
  const t = Array.isArray(schema.type) ? schema.type.find((x: string) => x !== 'null') : schema.type;
  if (t === 'object' && !schema.properties) return 'json';
  if (t === 'array') {
    const item = schema.items as JsonSchema | undefined;
    return item && ['string', 'number', 'integer'].includes(item.type) && !item.enum ? 'list' : 'json';
  }
  return t ?? 'json';
}

/** Issue paths from the API start with `body.`; fields are addressed without it. */
export function normalizeIssues(issues: Issue[]): Issue[] {
  return issues.map((i) => ({ ...i, path: i.path.replace(/^body\.?/, '') }));
}

/** Issues that concern `path` itself or anything inside it. */
export function issuesAt(issues: Issue[] | undefined, path: string): Issue[] {
  return (issues ?? []).filter((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`));
}

/** Issues whose path is none of the form's fields (shown in a list above the form). */
export function unclaimed(issues: Issue[], fieldPaths: string[]): Issue[] {
  return issues.filter((i) => !fieldPaths.some((p) => i.path === p || i.path.startsWith(`${p}.`) || i.path.startsWith(`${p}[`)));
}

/** Every field path a schema form renders under `prefix` (for `unclaimed`). */
export function schemaPaths(schema: JsonSchema | undefined, prefix: string): string[] {
  return fieldsOf(schema).map((f) => `${prefix}.${f.key}`);
}

/** Drops unset values so optional fields left empty are not sent at all. */
export function compact(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || v === '' || v === null) continue;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const inner = compact(v as Record<string, unknown>);
      if (Object.keys(inner).length) out[k] = inner;
    } else out[k] = v;
  }
  return out;
}
