import { Playground, type TestCase } from '../../playground/playground-service.js';
import type { ApiRoutes } from '../api-routes.js';
import { schema } from '../schemas/index.js';
import type { ApiDeps } from '../api-deps.js';
import { apiError } from '../api-error.js';

export function registerTransformRoutes(api: ApiRoutes, deps: ApiDeps): void {
  const playground = new Playground(deps.registry);

  api.add({
    method: 'post', path: '/transform/run', tag: 'transform', summary: 'Run a UDF script on a sample document (payload is a JSON string)',
    body: schema('TransformRunRequest'),
    response: schema('TransformRunResult'),
    handler: async (_ctx, body: { script: string; payload: string; attributes?: Record<string, string>; language?: string }) => {
      let data: unknown;
      try {
        data = JSON.parse(body.payload);
      } catch (error) {
        throw apiError('MS_ERR_BAD_REQUEST', `payload is not valid JSON: ${(error as Error).message}`);
      }
      const item = await playground.run(body.script, data, body.attributes ?? {}, body.language);
      return { message: 'success', item: { ...item, encoding: 'json' } };
    },
  });

  api.add({
    method: 'post', path: '/transform/validate', tag: 'transform', summary: 'Check a script compiles and defines transform(data, attributes)',
    body: schema('ScriptRequest'),
    response: schema('ScriptValidation'),
    handler: async (_ctx, body: { script: string; language?: string }) => (await playground.engine(body.language)).validate(body.script),
  });

  api.add({
    method: 'get', path: '/transform/completions', tag: 'transform', summary: 'Helper functions of the script engine, for editors',
    query: { language: { description: 'script language (default javascript)', schema: { type: 'string', minLength: 1 } } },
    response: schema('ScriptCompletionList'),
    handler: async (ctx) => (await playground.engine(typeof ctx.query.language === 'string' ? ctx.query.language : undefined)).completions?.() ?? [],
  });

  api.add({
    method: 'post', path: '/transform/test/generate', tag: 'transform', summary: 'Generate edge-case test cases from a sample input',
    body: schema('GenerateTestsRequest'),
    response: schema('GeneratedTestsResult'),
    handler: async (_ctx, body: { script: string; sample_input: unknown; language?: string }) => ({
      message: 'success',
      item: await playground.generate(body.script, body.sample_input, body.language),
    }),
  });

  api.add({
    method: 'post', path: '/transform/test/run', tag: 'transform', summary: 'Run test cases against a script',
    body: schema('RunTestsRequest'),
    response: schema('TestRunResult'),
    handler: async (_ctx, body: { script: string; cases: TestCase[]; strict_output?: boolean; language?: string }) => ({
      message: 'success',
      item: await playground.runTests(body.script, body.cases, body.strict_output ?? false, body.language),
    }),
  });
}
