import type { ConfigSchema } from '@mstream/sdk';
import { ASSERT_TYPES } from '../../playground/assertions.js';
import { Playground, type TestCase } from '../../playground/playground-service.js';
import type { ApiRoutes } from '../api-routes.js';
import type { ApiDeps } from '../api-deps.js';
import { apiError } from '../api-error.js';

const SCRIPT = { type: 'string', minLength: 1, maxLength: 1_000_000 } as const;
const ATTRIBUTES: ConfigSchema = { type: 'object', additionalProperties: { type: 'string' } };
const CASE: ConfigSchema = {
  type: 'object',
  required: ['name', 'input'],
  properties: {
    name: { type: 'string' },
    input: {},
    expected: {},
    attributes: ATTRIBUTES,
    strict_mode: { type: 'boolean' },
    assertions: {
      type: 'array',
      items: { type: 'object', required: ['path', 'assert_type'], properties: { path: { type: 'string' }, assert_type: { enum: ASSERT_TYPES }, expected_value: {} } },
    },
  },
};

export function registerTransformRoutes(api: ApiRoutes, deps: ApiDeps): void {
  const playground = new Playground(deps.registry);

  api.add({
    method: 'post', path: '/transform/run', tag: 'transform', summary: 'Run a UDF script on a sample document (payload is a JSON string)',
    body: { type: 'object', required: ['script', 'payload'], properties: { script: SCRIPT, payload: { type: 'string' }, attributes: ATTRIBUTES, language: { type: 'string' } } },
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
    body: { type: 'object', required: ['script'], properties: { script: SCRIPT, language: { type: 'string' } } },
    handler: (_ctx, body: { script: string; language?: string }) => playground.engine(body.language).validate(body.script),
  });

  api.add({
    method: 'get', path: '/transform/completions', tag: 'transform', summary: 'Helper functions of the script engine, for editors',
    query: { language: { description: 'script language (default javascript)' } },
    handler: (ctx) => playground.engine(typeof ctx.query.language === 'string' ? ctx.query.language : undefined).completions?.() ?? [],
  });

  api.add({
    method: 'post', path: '/transform/test/generate', tag: 'transform', summary: 'Generate edge-case test cases from a sample input',
    body: { type: 'object', required: ['script', 'sample_input'], properties: { script: SCRIPT, sample_input: {}, language: { type: 'string' } } },
    handler: async (_ctx, body: { script: string; sample_input: unknown; language?: string }) => ({
      message: 'success',
      item: await playground.generate(body.script, body.sample_input, body.language),
    }),
  });

  api.add({
    method: 'post', path: '/transform/test/run', tag: 'transform', summary: 'Run test cases against a script',
    body: { type: 'object', required: ['script', 'cases'], properties: { script: SCRIPT, cases: { type: 'array', items: CASE }, strict_output: { type: 'boolean' }, language: { type: 'string' } } },
    handler: async (_ctx, body: { script: string; cases: TestCase[]; strict_output?: boolean; language?: string }) => ({
      message: 'success',
      item: await playground.runTests(body.script, body.cases, body.strict_output ?? false, body.language),
    }),
  });
}
