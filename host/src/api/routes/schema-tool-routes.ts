import type { ApiRoutes } from '../api-routes.js';
import { schema } from '../schemas/index.js';
import type { ApiDeps } from '../api-deps.js';
import type { ConvertRequest } from '../../schemas/convert-schema.js';

// The tools import avsc and json-schema-faker: on their first call, not when the API starts.
const tools = {
  convert: () => import('../../schemas/convert-schema.js'),
  fill: () => import('../../schemas/fill-document.js'),
};

/** `POST /schema/convert` and `POST /schema/fill`: stateless schema tools (the original's §2.5 shapes). */
export function registerSchemaToolRoutes(api: ApiRoutes, _deps?: ApiDeps): void {
  api.add({
    method: 'post', path: '/schema/convert', tag: 'schemas', summary: 'Convert a schema between JSON Schema and Avro (both ways)',
    body: schema('SchemaConvertRequest'),
    response: schema('SchemaConvertResult'),
    handler: async (_ctx, body: ConvertRequest) => (await tools.convert()).convertSchema(body),
  });

  api.add({
    method: 'post', path: '/schema/fill', tag: 'schemas', summary: 'Generate a realistic document from a JSON Schema (deterministic with a seed)',
    body: schema('SchemaFillRequest'),
    response: schema('FilledDocument'),
    handler: async (_ctx, body: { schema: unknown; seed?: number }) => (await tools.fill()).fillDocument(body.schema, body.seed),
  });
}
