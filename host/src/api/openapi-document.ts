import { PUBLIC_PATHS, SAFE_METHODS } from './auth.js';
import type { RouteSpec } from './api-routes.js';
import { COMPONENT_SCHEMAS } from './schemas/index.js';
import { ERROR_RESPONSES } from './schemas/error-schemas.js';

/** Which reusable response (schemas/error-schemas.ts) each error status is. */
const ERROR_RESPONSE_OF: Record<number, keyof typeof ERROR_RESPONSES> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  429: 'TooManyRequests',
  503: 'Unavailable',
  504: 'Timeout',
};

/**
 * The statuses a route can answer: its success, what its handler says it answers, and what the
 * middleware in front of every route answers (create-app.ts): the host and origin guards (403),
 * the token check (401, 429; not on the public probes), the content-type guard and the drain
 * (415, 503; changes only), the body reader (400, 413), the request validator (400) and unknown
 * ids (404).
 */
export function statusesOf(spec: RouteSpec): number[] {
  const method = spec.method.toUpperCase();
  const statuses = new Set<number>([403, ...(spec.errors ?? [])]);
  if (!PUBLIC_PATHS.has(spec.path)) statuses.add(401).add(429);
  if (!SAFE_METHODS.has(method)) statuses.add(415).add(503);
  if (spec.body) statuses.add(400).add(413);
  if (spec.query && Object.keys(spec.query).length) statuses.add(400);
  if (spec.params && Object.keys(spec.params).length) statuses.add(400).add(404);
  return [...statuses].filter((s) => s !== (spec.status ?? 200)).sort();
}

function operation(spec: RouteSpec) {
  const parameters = [
    ...Object.entries(spec.params ?? {}).map(([name, p]) => ({ name, in: 'path', required: true, description: p.description, schema: p.schema })),
    ...Object.entries(spec.query ?? {}).map(([name, q]) => ({
      name,
      in: 'query',
      required: q.required ?? false,
      description: q.description,
      schema: q.schema ?? { type: q.type ?? 'string' },
    })),
  ];
  const responses: Record<string, unknown> = {
    [String(spec.status ?? 200)]: { description: 'Success', content: { [spec.contentType ?? 'application/json']: { schema: spec.response } } },
  };
  for (const status of statusesOf(spec)) {
    const other = spec.otherResponses?.[status];
    responses[String(status)] = other
      ? { description: other.description, content: { 'application/json': { schema: other.schema } } }
      : { $ref: `#/components/responses/${ERROR_RESPONSE_OF[status]}` };
  }
  return {
    tags: [spec.tag],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    operationId: operationId(spec),
    ...(parameters.length ? { parameters } : {}),
    ...(spec.body ? { requestBody: { required: !spec.optionalBody, content: { 'application/json': { schema: spec.body } } } } : {}),
    responses,
    ...(PUBLIC_PATHS.has(spec.path) ? { security: [] } : {}),
  };
}

/** `GET /jobs/:name/dead-letters` → `getJobsByNameDeadLetters`: stable, for generated clients. */
function operationId(spec: RouteSpec): string {
  const words = spec.path
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith(':') ? `by-${segment.slice(1)}` : segment))
    .flatMap((segment) => segment.split(/[-_]/));
  return spec.method + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** The OpenAPI 3.0 document of exactly the routes registered, served at `/openapi.json`. */
export function renderOpenApi(specs: readonly RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const path = spec.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    (paths[path] ??= {})[spec.method] = operation(spec);
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'mstream API',
      version,
      description: 'Every route, its parameters, bodies and answers. Errors are `{ message, code }`; see docs/api.md and docs/security.md.',
    },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'MSTREAM_API_TOKEN (admin) or MSTREAM_API_READ_TOKEN (GET/HEAD only)' } },
      schemas: COMPONENT_SCHEMAS,
      responses: ERROR_RESPONSES,
    },
    security: [{ bearer: [] }],
  };
}
