import { MstreamError } from '@mstream/sdk';
import { parseAvroSchema } from '../codecs/avro-schema.js';
import { createDataAjv } from '../runtime/resolve-schemas.js';
import { avroToJsonSchema } from './avro-to-json.js';
import { jsonSchemaToAvro } from './json-to-avro.js';

/** Body of `POST /schema/convert` (the original mstream's shape). */
export interface ConvertRequest {
  source: { schema_encoding: string; body: string };
  target_encoding: string;
  options?: { name?: string; namespace?: string };
}

/** Answer of `POST /schema/convert`: the converted schema as text. */
export interface ConvertResult {
  schema: string;
  encoding: 'json' | 'avro';
}

function badRequest(message: string): MstreamError {
  return new MstreamError('MS_ERR_BAD_REQUEST', message);
}

/**
 * Converts between JSON Schema and Avro, both ways. The result is proven usable by parsing it
 * with the same libraries the runtime uses (avsc with the host's logical types, or ajv), so a
 * converted schema can be put straight into a job.
 */
export function convertSchema(request: ConvertRequest): ConvertResult {
  const from = request.source.schema_encoding;
  const to = request.target_encoding;
  for (const encoding of [from, to]) {
    if (encoding !== 'json' && encoding !== 'avro') throw badRequest(`cannot convert ${encoding === 'bson' ? 'BSON (it has no schema language)' : `"${encoding}"`}: only "json" (JSON Schema) and "avro" are supported`);
  }
  if (from === to) throw badRequest(`source and target are both "${to}": nothing to convert`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.source.body);
  } catch (error) {
    throw badRequest(`source.body is not valid JSON: ${(error as Error).message}`);
  }
  if (from === 'json') {
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw badRequest('source.body must be a JSON Schema object');
    try {
      createDataAjv().compile(parsed as object);
    } catch (error) {
      throw badRequest(`source.body is not a valid JSON Schema: ${(error as Error).message}`);
    }
    let avro: Record<string, unknown>;
    try {
      avro = jsonSchemaToAvro(parsed as Record<string, unknown>, request.options);
      parseAvroSchema(avro);
    } catch (error) {
      throw badRequest(`cannot convert to Avro: ${(error as Error).message}`);
    }
    return { schema: JSON.stringify(avro), encoding: 'avro' };
  }
  try {
    parseAvroSchema(parsed);
  } catch (error) {
    throw badRequest(`source.body is not a valid Avro schema: ${(error as Error).message}`);
  }
  const json = avroToJsonSchema(parsed);
  createDataAjv().compile(json);
  return { schema: JSON.stringify(json), encoding: 'json' };
}
