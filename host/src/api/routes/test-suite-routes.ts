import { randomUUID } from 'node:crypto';
import { NotFoundError } from '@mstream/sdk';
import type { TestSuite } from '../../stores/store-types.js';
import type { ApiRoutes } from '../api-routes.js';
import { schema } from '../schemas/index.js';
import type { ApiDeps } from '../api-deps.js';

export function registerTestSuiteRoutes(api: ApiRoutes, deps: ApiDeps): void {
  const store = deps.stores.testSuites;
  api.add({
    method: 'get', path: '/test-suites', tag: 'test suites', summary: 'Saved test suites (summaries)',
    response: schema('TestSuiteSummaryList'),
    handler: async () =>
      (await store.list()).map((s) => ({ id: s.id, name: s.name, description: s.description, case_count: Array.isArray(s.cases) ? s.cases.length : 0 })),
  });
  api.add({
    method: 'get', path: '/test-suites/:id', tag: 'test suites', summary: 'One test suite',
    response: schema('TestSuite'),
    handler: async (ctx) => (await store.get(ctx.params.id)) ?? Promise.reject(new NotFoundError(`test suite "${ctx.params.id}" not found`)),
  });
  api.add({
    method: 'post', path: '/test-suites', tag: 'test suites', summary: 'Save a test suite (id assigned when missing)', status: 201,
    body: schema('TestSuiteInput'),
    response: schema('TestSuiteEnvelope'),
    handler: async (_ctx, body: TestSuite) => {
      const now = new Date().toISOString();
      const existing = body.id ? await store.get(body.id) : undefined;
      const suite: TestSuite = { ...body, id: body.id ?? randomUUID(), created_at: existing?.created_at ?? now, updated_at: now };
      await store.put(suite);
      return { message: 'test suite saved', item: suite };
    },
  });
  api.add({
    method: 'delete', path: '/test-suites/:id', tag: 'test suites', summary: 'Delete a test suite',
    response: schema('Message'),
    handler: async (ctx) => {
      if (!(await store.delete(ctx.params.id))) throw new NotFoundError(`test suite "${ctx.params.id}" not found`);
      return { message: 'test suite deleted' };
    },
  });
}
