import { randomUUID } from 'node:crypto';
import { ConfigValidationError, NotFoundError } from '@mstream/sdk';
import type { Workspace } from '../../stores/store-types.js';
import type { ApiRoutes } from '../api-routes.js';
import { schema } from '../schemas/index.js';
import type { ApiDeps } from '../api-deps.js';

type WorkspaceInput = Omit<Workspace, 'id' | 'created_at' | 'updated_at'> & { id?: string; created_at?: string; updated_at?: string };

const OPTIONAL = ['script', 'input', 'schema', 'test_suite_id', 'script_source'] as const;

/**
 * Exactly the Workspace schema's fields: a record in a shared collection may carry more (another
 * version's fields), and answers must match the schema.
 */
function shape(record: Workspace): Workspace {
  const out: Workspace = { id: record.id, name: record.name, created_at: record.created_at, updated_at: record.updated_at };
  for (const key of OPTIONAL) if (record[key] !== undefined && record[key] !== null) (out as unknown as Record<string, unknown>)[key] = record[key];
  return out;
}

function build(id: string, body: WorkspaceInput, createdAt: string | undefined): Workspace {
  const now = new Date().toISOString();
  const item: Workspace = { id, name: body.name, created_at: createdAt ?? now, updated_at: now };
  for (const key of OPTIONAL) if (body[key] !== undefined) (item as unknown as Record<string, unknown>)[key] = body[key];
  return item;
}

/** The original mstream's workspace API: saved Transform Studio state. */
export function registerWorkspaceRoutes(api: ApiRoutes, deps: ApiDeps): void {
  const store = deps.stores.workspaces;
  const notFound = (id: string) => new NotFoundError(`workspace "${id}" not found`);
  api.add({
    method: 'get', path: '/workspaces', tag: 'workspaces', summary: 'Saved workspaces (id and name)',
    response: schema('WorkspaceSummaryList'),
    handler: async () => (await store.list()).map((w) => ({ id: w.id, name: w.name })),
  });
  api.add({
    method: 'get', path: '/workspaces/:id', tag: 'workspaces', summary: 'One workspace',
    response: schema('Workspace'),
    handler: async (ctx) => {
      const found = await store.get(ctx.params.id);
      if (!found) throw notFound(ctx.params.id);
      return shape(found);
    },
  });
  api.add({
    method: 'post', path: '/workspaces', tag: 'workspaces', summary: 'Save a workspace (id assigned when missing; an existing id is replaced, keeping its created_at)', status: 201,
    body: schema('WorkspaceInput'),
    response: schema('WorkspaceEnvelope'),
    handler: async (_ctx, body: WorkspaceInput) => {
      const existing = body.id ? await store.get(body.id) : undefined;
      const item = build(body.id ?? randomUUID(), body, existing?.created_at);
      await store.put(item);
      return { message: 'workspace saved', item };
    },
  });
  api.add({
    method: 'put', path: '/workspaces/:id', tag: 'workspaces', summary: 'Replace a workspace (keeps its created_at)',
    body: schema('WorkspaceInput'),
    response: schema('WorkspaceEnvelope'),
    check: (body: WorkspaceInput, ctx) => {
      if (body.id !== undefined && body.id !== ctx.params.id) throw new ConfigValidationError([{ path: 'body.id', message: `must be the path's id "${ctx.params.id}" when sent` }]);
    },
    handler: async (ctx, body: WorkspaceInput) => {
      const existing = await store.get(ctx.params.id);
      if (!existing) throw notFound(ctx.params.id);
      const item = build(ctx.params.id, body, existing.created_at);
      await store.put(item);
      return { message: 'workspace updated', item };
    },
  });
  api.add({
    method: 'delete', path: '/workspaces/:id', tag: 'workspaces', summary: 'Delete a workspace',
    response: schema('Message'),
    handler: async (ctx) => {
      if (!(await store.delete(ctx.params.id))) throw notFound(ctx.params.id);
      return { message: 'workspace deleted' };
    },
  });
}
