import type Router from '@koa/router';
import type { Context } from 'koa';
import { ConfigValidationError, isMstreamError, type ConfigIssue } from '@mstream/sdk';
import { readJsonBody } from './read-body.js';
import { RequestValidator, type RouteChecks } from './request-validator.js';
import { renderOpenApi } from './openapi-document.js';
import type { JsonSchema } from './schemas/json-schema.js';
import { DEFAULT_PATH_PARAMS } from './schemas/params.js';

export type Method = 'get' | 'post' | 'put' | 'delete';

/** A path parameter: every `:name` of a route's path has one, so none goes unchecked. */
export interface ParamSpec {
  description: string;
  schema: JsonSchema;
}

export interface QuerySpec {
  description: string;
  /** Its schema; query strings are coerced to it (`"5"` → 5) before it is checked. */
  schema?: JsonSchema;
  /** Shorthand for `schema: { type }`. */
  type?: 'string' | 'integer' | 'boolean';
  required?: boolean;
}

/**
 * Statuses a handler itself answers besides success. The others are added from the spec: 400
 * when there is anything to validate, 404 with path parameters, and the statuses of the guards in
 * front of every route (401, 403, 413, 415, 429; see openapi-document.ts).
 */
export type HandlerStatus = 400 | 401 | 403 | 404 | 409 | 503 | 504;

export interface RouteSpec {
  method: Method;
  /** Koa-style path (`/jobs/:name`); the OpenAPI document shows `{name}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  params?: Record<string, ParamSpec>;
  query?: Record<string, QuerySpec>;
  /** JSON Schema of the request body; the body is read, size-limited and validated when set. */
  body?: JsonSchema;
  /** The body may be left out (a body-less POST such as a re-drive of everything): it then counts as `{}`. */
  optionalBody?: boolean;
  /**
   * Checks of the body that need the host's state (known services, provider option schemas):
   * throw a ConfigValidationError. Its issues are reported together with the schema's, so a
   * client sees every problem at once; it runs only on a JSON object body.
   */
  check?(body: any, ctx: Context): unknown;
  /** Success status (200 unless set). */
  status?: number;
  /** Schema of the success body, usually `schema('Name')` (schemas/index.ts). */
  response: JsonSchema;
  /** Media type of the success body (default application/json). */
  contentType?: string;
  errors?: HandlerStatus[];
  /** Error statuses whose body is not the usual Error (GET /ready's 503 is a Readiness). */
  otherResponses?: Partial<Record<number, { description: string; schema: JsonSchema }>>;
  /** The handler writes the response itself (text, SSE). */
  raw?: boolean;
  /** `query` is the validated query, coerced to its schema (absent parameters are absent). */
  handler(ctx: Context, body: any, query: Record<string, any>): unknown;
}

/**
 * Registers API routes and remembers them, so `/openapi.json` describes exactly the routes that
 * exist, and checks every request against that same description before its handler runs: path
 * parameters, query and body, all problems reported together (400 MS_ERR_CONFIG_INVALID with
 * `issues` naming `path.name`, `query.limit`, `body.sinks[0].resource`).
 */
export class ApiRoutes {
  private readonly specs: RouteSpec[] = [];
  private readonly validator = new RequestValidator();

  constructor(
    private readonly router: Router,
    private readonly bodyLimit: number,
  ) {}

  add(spec: RouteSpec): void {
    const names = [...spec.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]);
    const params = Object.fromEntries(names.map((name) => [name, spec.params?.[name] ?? DEFAULT_PATH_PARAMS[name]]));
    const missing = names.filter((name) => !params[name]);
    if (missing.length) throw new Error(`${spec.method.toUpperCase()} ${spec.path}: no schema for path parameter ${missing.join(', ')}`);
    spec = { ...spec, params };
    this.specs.push(spec);
    // Compiled on the route's first request, not here: compiling every route's schemas took
    // most of the host's start-up, and most routes are never called by a given host.
    let compiled: RouteChecks | undefined;
    const route = spec;
    this.router[spec.method](spec.path, async (ctx) => {
      const check = (compiled ??= this.validator.compile(route));
      const issues = [...check.params(ctx.params), ...check.query.validate(ctx.query)];
      let body: unknown;
      if (spec.body) {
        body = spec.optionalBody && !sendsBody(ctx) ? {} : await readJsonBody(ctx, this.bodyLimit);
        issues.push(...check.body(body));
        if (spec.check && isJsonObject(body)) mergeIssues(issues, await checkIssues(() => spec.check!(body, ctx)));
      }
      if (issues.length) throw new ConfigValidationError(issues);
      const result = await spec.handler(ctx, body, check.query.values(ctx.query));
      if (spec.raw) return;
      ctx.status = spec.status ?? 200;
      // Always JSON, even when the value is a string or null (a generated document can be either).
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(result === undefined ? { message: 'ok' } : result);
    });
  }

  openapi(version: string): Record<string, unknown> {
    return renderOpenApi(this.specs, version);
  }
}

/** Whether the request carries a body at all (the same test the content-type guard makes). */
const sendsBody = (ctx: Context) => Boolean(ctx.get('transfer-encoding')) || Number(ctx.get('content-length') || 0) > 0;

const isJsonObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

async function checkIssues(run: () => unknown): Promise<ConfigIssue[]> {
  try {
    await run();
    return [];
  } catch (error) {
    if (isMstreamError(error) && error.code === 'MS_ERR_CONFIG_INVALID' && Array.isArray(error.details?.issues)) return error.details.issues as ConfigIssue[];
    throw error;
  }
}

/** The host's own check knows better (e.g. "unknown service"): it replaces the schema's issue at the same path. */
function mergeIssues(issues: ConfigIssue[], fromCheck: ConfigIssue[]): void {
  const paths = new Set(fromCheck.map((i) => i.path));
  const kept = issues.filter((i) => !paths.has(i.path));
  issues.splice(0, issues.length, ...kept, ...fromCheck);
}
