import type Router from '@koa/router';
import type { Context } from 'koa';
import { Ajv, type ValidateFunction } from 'ajv';
import { ConfigValidationError, type ConfigSchema } from '@mstream/sdk';
import { readJsonBody } from './read-body.js';

type Method = 'get' | 'post' | 'put' | 'delete';

export interface RouteSpec {
  method: Method;
  /** Koa-style path (`/jobs/:name`); the OpenAPI document shows `{name}`. */
  path: string;
  tag: string;
  summary: string;
  /** JSON Schema of the request body; the body is read, size-limited and validated when set. */
  body?: ConfigSchema;
  query?: Record<string, { description: string; type?: 'string' | 'integer' | 'boolean' }>;
  /** Success status (200 unless set). */
  status?: number;
  /** The handler writes the response itself (text, SSE). */
  raw?: boolean;
  handler(ctx: Context, body: any): unknown;
}

/**
 * Registers API routes and remembers them, so `/openapi.json` describes exactly the routes that
 * exist. Request bodies are validated here, once, and every problem is reported together.
 */
export class ApiRoutes {
  private readonly specs: RouteSpec[] = [];
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly validators = new Map<RouteSpec, ValidateFunction>();

  constructor(
    private readonly router: Router,
    private readonly bodyLimit: number,
  ) {}

  add(spec: RouteSpec): void {
    this.specs.push(spec);
    if (spec.body) this.validators.set(spec, this.ajv.compile(spec.body));
    this.router[spec.method](spec.path, async (ctx) => {
      let body: unknown;
      if (spec.body) {
        body = await readJsonBody(ctx, this.bodyLimit);
        const validate = this.validators.get(spec)!;
        if (!validate(body)) {
          throw new ConfigValidationError(
            (validate.errors ?? []).map((e) => ({
              path: `body${e.instancePath.replace(/\//g, '.')}${e.keyword === 'required' ? `.${String((e.params as { missingProperty: string }).missingProperty)}` : ''}`,
              message: e.keyword === 'required' ? 'is required' : e.message ?? 'is invalid',
            })),
          );
        }
      }
      const result = await spec.handler(ctx, body);
      if (spec.raw) return;
      ctx.status = spec.status ?? 200;
      ctx.body = result ?? { message: 'ok' };
    });
  }

  openapi(version: string): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const spec of this.specs) {
      const path = spec.path.replace(/:([A-Za-z_]+)/g, '{$1}');
      const params = [...spec.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
      const query = Object.entries(spec.query ?? {}).map(([name, q]) => ({ name, in: 'query', description: q.description, schema: { type: q.type ?? 'string' } }));
      paths[path] ??= {};
      paths[path][spec.method] = {
        tags: [spec.tag],
        summary: spec.summary,
        parameters: [...params, ...query],
        ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: spec.body } } } } : {}),
        responses: {
          [String(spec.status ?? 200)]: { description: 'success' },
          '4XX': { description: 'client error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      };
    }
    return {
      openapi: '3.0.3',
      info: { title: 'mstream API', version },
      paths,
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        schemas: {
          Error: {
            type: 'object',
            required: ['message', 'code'],
            properties: { message: { type: 'string' }, code: { type: 'string' }, issues: { type: 'array', items: { type: 'object' } } },
          },
        },
      },
      security: [{ bearer: [] }],
    };
  }
}
