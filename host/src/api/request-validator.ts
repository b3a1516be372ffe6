import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ConfigIssue } from '@mstream/sdk';
import { COMPONENT_SCHEMAS } from './schemas/index.js';
import { PATTERN_RULES } from './schemas/params.js';
import type { JsonSchema } from './schemas/json-schema.js';
import type { QuerySpec, RouteSpec } from './api-routes.js';

// ajv-formats ships CJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/** The id under which the named schemas are known to ajv; route schemas' refs point into it. */
const COMPONENTS_ID = 'mstream-api-components';

/** `#/components/schemas/X` in a route's schema → the same schema in the registered components. */
function pointAtComponents(schema: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${COMPONENTS_ID}#/components/schemas/`));
}

export interface RouteChecks {
  /** Issues of the path parameters, named `path.<name>`. */
  params(params: Record<string, string>): ConfigIssue[];
  query: {
    /** Issues of the query string, named `query.<name>`. */
    validate(query: Record<string, unknown>): ConfigIssue[];
    /** The query coerced to its schema (`"5"` → 5); only declared parameters. */
    values(query: Record<string, unknown>): Record<string, unknown>;
  };
  /** Issues of the body, named `body…`. */
  body(body: unknown): ConfigIssue[];
}

/**
 * Checks requests against the very schemas `/openapi.json` shows (api-routes.ts), so the server
 * refuses exactly what the document forbids: a client generated from the document, or a fuzzer,
 * never finds a request the document rejects that the server takes.
 */
export class RequestValidator {
  private instances?: { ajv: Ajv; coercing: Ajv };

  /** Built on the first compile: the components compile with it, which a host that serves no request never needs. */
  private get ajvs(): { ajv: Ajv; coercing: Ajv } {
    if (!this.instances) {
      const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
      const coercing = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: 'array', useDefaults: false }));
      const components = { $id: COMPONENTS_ID, components: { schemas: COMPONENT_SCHEMAS } };
      ajv.addSchema(components);
      coercing.addSchema(components);
      this.instances = { ajv, coercing };
    }
    return this.instances;
  }

  compile(spec: RouteSpec): RouteChecks {
    // Nothing to check (GET /health, /ready, …): no ajv at all, so a probe alone never builds it.
    if (!Object.keys(spec.params ?? {}).length && !Object.keys(spec.query ?? {}).length && !spec.body) return NO_INPUT;
    const { ajv, coercing } = this.ajvs;
    const params = ajv.compile(pointAtComponents(objectOf(Object.fromEntries(Object.entries(spec.params ?? {}).map(([n, p]) => [n, p.schema])), Object.keys(spec.params ?? {}), false)));
    const queryEntries = Object.entries(spec.query ?? {});
    const querySchema = objectOf(
      Object.fromEntries(queryEntries.map(([name, q]) => [name, scalarQuery(q)])),
      queryEntries.filter(([, q]) => q.required).map(([name]) => name),
      true,
    );
    const query = coercing.compile(pointAtComponents(querySchema));
    const body = spec.body ? ajv.compile(pointAtComponents(spec.body)) : undefined;
    const declared = new Set(queryEntries.map(([name]) => name));
    const coerce = (raw: Record<string, unknown>) => {
      const copy: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(raw)) if (declared.has(name)) copy[name] = Array.isArray(value) ? value.at(-1) : value;
      const valid = query(copy);
      return { copy, valid };
    };
    return {
      params: (values) => (params(values) ? [] : issuesOf(params, 'path')),
      query: {
        validate: (raw) => {
          const { valid } = coerce(raw);
          return valid ? [] : issuesOf(query, 'query');
        },
        values: (raw) => coerce(raw).copy,
      },
      body: (value) => (!body || body(value) ? [] : issuesOf(body, 'body')),
    };
  }
}

/** The checks of a route without path parameters, query or body: there is nothing to refuse, and no declared query value to keep. */
const NO_INPUT: RouteChecks = { params: () => [], query: { validate: () => [], values: () => ({}) }, body: () => [] };

/** Query values arrive as strings; a repeated parameter counts once (its last value). */
function scalarQuery(q: QuerySpec): JsonSchema {
  return q.schema ?? { type: q.type ?? 'string' };
}

function objectOf(properties: Record<string, JsonSchema>, required: string[], extra: boolean): JsonSchema {
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: extra };
}

/** ajv's errors as issues that name the field: `body.sinks[0].resource`, `path.name`, `query.limit`. */
export function issuesOf(validate: ValidateFunction, root: string): ConfigIssue[] {
  const seen = new Set<string>();
  const issues: ConfigIssue[] = [];
  for (const error of validate.errors ?? []) {
    // A failed oneOf/anyOf also reports each branch's own errors; those say more than "must match".
    if ((error.keyword === 'oneOf' || error.keyword === 'anyOf') && (validate.errors?.length ?? 0) > 1) continue;
    const issue = { path: root + pointerToPath(error.instancePath) + extraSegment(error), message: messageOf(error) };
    const key = `${issue.path}\n${issue.message}`;
    if (!seen.has(key)) issues.push(issue), seen.add(key);
  }
  return issues;
}

function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((raw) => raw.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`))
    .join('');
}

function extraSegment(error: ErrorObject): string {
  if (error.keyword === 'required') return `.${String(error.params.missingProperty)}`;
  if (error.keyword === 'additionalProperties') return `.${String(error.params.additionalProperty)}`;
  return '';
}

function messageOf(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known key';
    case 'pattern':
      return PATTERN_RULES[String(error.params.pattern)] ?? `must match the pattern ${String(error.params.pattern)}`;
    case 'enum':
      return `must be one of: ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `must be ${articled(String(error.params.type))}`;
    default:
      return error.message ?? 'is invalid';
  }
}

const articled = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);
