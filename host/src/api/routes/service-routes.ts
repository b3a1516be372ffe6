import { ConfigValidationError, ConflictError, NotFoundError, UnsupportedOperationError, type SchemaInput } from '@mstream/sdk';
import type { ServiceConfig } from '../../config/config-types.js';
import { validateService } from '../../config/validate-service.js';
import type { ApiRoutes } from '../api-routes.js';
import type { ApiDeps } from '../api-deps.js';
import { apiError } from '../api-error.js';
import { boundedInt } from './job-routes.js';

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
    query: { provider: { description: 'only services of this provider' } },
    handler: async (ctx) => {
      const provider = typeof ctx.query.provider === 'string' ? ctx.query.provider : undefined;
      const list = (await services.list()).filter((s) => !services.systemServices.has(s.name) && (!provider || s.provider === provider));
      return Promise.all(list.map(status));
    },
  });

  api.add({
    method: 'post', path: '/services', tag: 'services', summary: 'Create a service (validated against its provider\'s schema)', status: 201,
    body: { type: 'object', required: ['provider', 'name'], properties: { provider: { type: 'string' }, name: { type: 'string' } } },
    handler: async (_ctx, body: ServiceConfig) => {
      const issues = validateService(body, 'body', deps.registry, deps.validator);
      if (issues.length) throw new ConfigValidationError(issues);
      await services.put(body, { replace: false });
      return { message: 'service created successfully', item: services.masked(body) };
    },
  });

  api.add({ method: 'get', path: '/services/:name', tag: 'services', summary: 'One service (secrets masked)', handler: async (ctx) => status(await services.get(ctx.params.name)) });

  api.add({
    method: 'delete', path: '/services/:name', tag: 'services', summary: 'Remove a service that no job uses',
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
    handler: async (ctx) => ({ service_name: ctx.params.name, resources: await (await deps.capabilities.lister(ctx.params.name)).list(signalOf(ctx)) }),
  });

  api.add({
    method: 'get', path: '/services/:name/resources/:resource', tag: 'services', summary: 'Content of a resource (e.g. a UDF script)',
    handler: async (ctx) => {
      const lister = await deps.capabilities.lister(ctx.params.name);
      if (!lister.read) throw new UnsupportedOperationError(`service "${ctx.params.name}" does not serve resource content`);
      return { filename: ctx.params.resource, content: await lister.read(ctx.params.resource, signalOf(ctx)) };
    },
  });

  api.add({
    method: 'put', path: '/services/:name/resources/:resource', tag: 'services', summary: 'Create or replace a resource\'s content',
    body: { type: 'object', required: ['content'], properties: { content: { type: 'string' } } },
    handler: async (ctx, body: { content: string }) => {
      const lister = await deps.capabilities.lister(ctx.params.name);
      if (!lister.write) throw new UnsupportedOperationError(`service "${ctx.params.name}" does not accept resource content`);
      await lister.write(ctx.params.resource, body.content, signalOf(ctx));
      return { filename: ctx.params.resource, content: body.content };
    },
  });

  api.add({
    method: 'get', path: '/services/:name/schema/introspect', tag: 'schemas', summary: 'Document shapes of a resource, without any values',
    query: { resource: { description: 'resource to sample (required)' }, sample_size: { description: 'documents to sample (default 100, max 1000)', type: 'integer' } },
    handler: async (ctx) => {
      const resource = ctx.query.resource;
      if (typeof resource !== 'string' || !resource) throw apiError('MS_ERR_BAD_REQUEST', 'query parameter resource is required');
      const sampleSize = boundedInt(ctx.query.sample_size, 100, 1, 1000, 'sample_size');
      const lister = await deps.capabilities.lister(ctx.params.name);
      if (!lister.introspect) throw new UnsupportedOperationError(`service "${ctx.params.name}" does not support schema introspection`);
      const variants = await lister.introspect(resource, sampleSize, signalOf(ctx));
      if (variants.length === 0) throw new NotFoundError(`resource "${resource}" has no documents to sample`);
      return variants;
    },
  });

  api.add({
    method: 'get', path: '/services/:name/schemas', tag: 'schemas', summary: 'Schemas stored on a service',
    handler: async (ctx) => (await deps.capabilities.schemaStore(ctx.params.name)).list(signalOf(ctx)),
  });
  api.add({
    method: 'get', path: '/services/:name/schemas/:id', tag: 'schemas', summary: 'One stored schema',
    handler: async (ctx) => (await deps.capabilities.schemaStore(ctx.params.name)).get(ctx.params.id, signalOf(ctx)),
  });
  api.add({
    method: 'post', path: '/services/:name/schemas', tag: 'schemas', summary: 'Save a schema on a service', status: 201,
    body: {
      type: 'object', required: ['name', 'encoding', 'definition'],
      properties: { id: { type: 'string' }, name: { type: 'string' }, encoding: { enum: ['avro', 'json'] }, definition: { type: 'string' } },
    },
    handler: async (ctx, body: SchemaInput) => ({ message: 'schema saved', item: await (await deps.capabilities.schemaStore(ctx.params.name)).save(body, signalOf(ctx)) }),
  });
  api.add({
    method: 'delete', path: '/services/:name/schemas/:id', tag: 'schemas', summary: 'Delete a stored schema',
    handler: async (ctx) => {
      await (await deps.capabilities.schemaStore(ctx.params.name)).delete(ctx.params.id, signalOf(ctx));
      return { message: 'schema deleted' };
    },
  });
}
