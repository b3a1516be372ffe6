import { ConfigValidationError, ConflictError, NotFoundError, UnsupportedOperationError, type SchemaInput } from '@mstream/sdk';
import type { ServiceConfig } from '../../config/config-types.js';
import { validateService } from '../../config/validate-service.js';
import type { ApiRoutes } from '../api-routes.js';
import { schema } from '../schemas/index.js';
import type { ApiDeps } from '../api-deps.js';
import { RESOURCE_NAME, SCHEMA_ID } from '../schemas/params.js';

export function registerServiceRoutes(api: ApiRoutes, deps: ApiDeps): void {
  const { services, jobs } = deps;
  const signalOf = (ctx: { req: NodeJS.EventEmitter }) => {
    const controller = new AbortController();
    ctx.req.once('close', () => controller.abort());
    return controller.signal;
  };
  const status = async (service: ServiceConfig) => ({
    ...services.masked(service),
    used_by_jobs: await jobs.jobsUsing(service.name),
    is_system: services.systemServices.has(service.name),
  });

  api.add({
    method: 'get', path: '/services', tag: 'services', summary: 'List services (secrets masked; system services hidden)',
    query: { provider: { description: 'only services of this provider', schema: { type: 'string', minLength: 1 } } },
    response: schema('ServiceList'),
    handler: async (ctx) => {
      const provider = typeof ctx.query.provider === 'string' ? ctx.query.provider : undefined;
      const list = (await services.list()).filter((s) => !services.systemServices.has(s.name) && (!provider || s.provider === provider));
      return Promise.all(list.map(status));
    },
  });

  api.add({
    method: 'post', path: '/services', tag: 'services', summary: 'Create a service (validated against its provider\'s schema)', status: 201,
    body: schema('ServiceConfig'),
    check: async (body) => {
      // Its provider's schema checks it: a lazy plugin is loaded first.
      if (typeof body.provider === 'string') await deps.registry.loadProvider(body.provider);
      const issues = validateService(body, 'body', deps.registry, deps.validator);
      if (issues.length) throw new ConfigValidationError(issues);
    },
    response: schema('ServiceEnvelope'), errors: [409],
    handler: async (_ctx, body: ServiceConfig) => {
      const issues = validateService(body, 'body', deps.registry, deps.validator);
      if (issues.length) throw new ConfigValidationError(issues);
      await services.put(body, { replace: false });
      return { message: 'service created successfully', item: services.masked(body) };
    },
  });

  api.add({ method: 'get', path: '/services/:name', tag: 'services', summary: 'One service (secrets masked)', response: schema('Service'), handler: async (ctx) => status(await services.get(ctx.params.name)) });

  api.add({
    method: 'delete', path: '/services/:name', tag: 'services', summary: 'Remove a service that no job uses',
    response: schema('Message'), errors: [409],
    handler: async (ctx) => {
      const name = ctx.params.name;
      await services.get(name);
      const users = await jobs.jobsUsing(name);
      if (users.length) throw new ConflictError(`Service '${name}' is in use by jobs: ${users.join(', ')}`);
      await services.remove(name);
      return { message: `service "${name}" removed` };
    },
  });

  api.add({
    method: 'get', path: '/services/:name/resources', tag: 'services', summary: 'Resources of a service (collections, topics, scripts, files)',
    response: schema('ResourceList'), errors: [503, 504],
    handler: async (ctx) => ({ service_name: ctx.params.name, resources: await (await deps.capabilities.lister(ctx.params.name)).list(signalOf(ctx)) }),
  });

  api.add({
    method: 'get', path: '/services/:name/resources/:resource', tag: 'services', summary: 'Content of a resource (e.g. a UDF script)',
    response: schema('ResourceContent'), errors: [503, 504],
    handler: async (ctx) => {
      const lister = await deps.capabilities.lister(ctx.params.name);
      if (!lister.read) throw new UnsupportedOperationError(`service "${ctx.params.name}" does not serve resource content`);
      return { filename: ctx.params.resource, content: await lister.read(ctx.params.resource, signalOf(ctx)) };
    },
  });

  api.add({
    method: 'put', path: '/services/:name/resources/:resource', tag: 'services', summary: 'Create or replace a resource\'s content',
    body: schema('ResourceWrite'),
    response: schema('ResourceContent'), errors: [503, 504],
    handler: async (ctx, body: { content: string }) => {
      const lister = await deps.capabilities.lister(ctx.params.name);
      if (!lister.write) throw new UnsupportedOperationError(`service "${ctx.params.name}" does not accept resource content`);
      await lister.write(ctx.params.resource, body.content, signalOf(ctx));
      return { filename: ctx.params.resource, content: body.content };
    },
  });

  api.add({
    method: 'get', path: '/services/:name/schema/introspect', tag: 'schemas', summary: 'Document shapes of a resource, without any values',
    query: {
      resource: { description: 'resource to sample', required: true, schema: RESOURCE_NAME },
      sample_size: { description: 'documents to sample (default 100; larger values are capped at 1000)', schema: { type: 'integer', minimum: 1 } },
    },
    response: schema('SchemaVariantList'), errors: [503, 504],
    handler: async (ctx, _body, query: { resource: string; sample_size?: number }) => {
      const { resource } = query;
      const sampleSize = Math.min(query.sample_size ?? 100, 1000);
      const lister = await deps.capabilities.lister(ctx.params.name);
      if (!lister.introspect) throw new UnsupportedOperationError(`service "${ctx.params.name}" does not support schema introspection`);
      const variants = await lister.introspect(resource, sampleSize, signalOf(ctx));
      if (variants.length === 0) throw new NotFoundError(`resource "${resource}" has no documents to sample`);
      return variants;
    },
  });

  api.add({
    method: 'get', path: '/services/:name/schemas', tag: 'schemas', summary: 'Schemas stored on a service',
    response: schema('SchemaSummaryList'), errors: [503, 504],
    handler: async (ctx) => (await deps.capabilities.schemaStore(ctx.params.name)).list(signalOf(ctx)),
  });
  api.add({
    method: 'get', path: '/services/:name/schemas/:id', tag: 'schemas', summary: 'One stored schema',
    params: { id: { description: 'The schema\'s id in its store', schema: SCHEMA_ID } },
    response: schema('StoredSchema'), errors: [503, 504],
    handler: async (ctx) => (await deps.capabilities.schemaStore(ctx.params.name)).get(ctx.params.id, signalOf(ctx)),
  });
  api.add({
    method: 'post', path: '/services/:name/schemas', tag: 'schemas', summary: 'Save a schema on a service', status: 201,
    body: schema('SchemaInput'),
    response: schema('SchemaEnvelope'), errors: [409, 503, 504],
    handler: async (ctx, body: SchemaInput) => ({ message: 'schema saved', item: await (await deps.capabilities.schemaStore(ctx.params.name)).save(body, signalOf(ctx)) }),
  });
  api.add({
    method: 'delete', path: '/services/:name/schemas/:id', tag: 'schemas', summary: 'Delete a stored schema',
    params: { id: { description: 'The schema\'s id in its store', schema: SCHEMA_ID } },
    response: schema('Message'), errors: [503, 504],
    handler: async (ctx) => {
      await (await deps.capabilities.schemaStore(ctx.params.name)).delete(ctx.params.id, signalOf(ctx));
      return { message: 'schema deleted' };
    },
  });
}
