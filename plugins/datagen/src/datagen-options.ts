import { readFile } from 'node:fs/promises';
import { ConfigValidationError, type ConfigSchema, type Encoding } from '@mstream/sdk';
import type { JsonSchema } from 'json-schema-faker';
import { BUILTIN_SCHEMAS } from './builtin-schemas.js';

/** The source's options after validation (defaults applied). */
export interface DatagenOptions {
  schema?: Record<string, unknown>;
  schema_file?: string;
  rate: number;
  count: number;
  seed?: number;
  pool_size: number;
  encoding: Encoding;
}

/** Default pace: slow enough that a quickstart job with an endless source does not flood its sink. */
export const DEFAULT_RATE = 10;

export const datagenOptionsSchema: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    schema: {
      type: 'object',
      description: 'Inline JSON Schema of the documents. Exclusive with schema_file. Without either, the resource names a built-in schema.',
      'x-order': 1,
    },
    schema_file: {
      type: 'string',
      minLength: 1,
      // x-path: the host confines the file to its files root and hands over the absolute path.
      'x-path': 'file',
      description: 'Path of a JSON Schema file inside the host\'s files root (relative paths start there). Exclusive with schema.',
      'x-order': 2,
    },
    rate: {
      type: 'number',
      minimum: 0,
      default: DEFAULT_RATE,
      description: 'Events per second; 0 means as fast as the job consumes them.',
      'x-order': 3,
    },
    count: { type: 'integer', minimum: 0, default: 0, description: 'Total events, then the source goes idle; 0 means endless.', 'x-order': 4 },
    seed: {
      type: 'integer',
      description: 'Event i is generated from seed + i. Default: the service seed, else a hash of job and resource.',
      'x-order': 5,
    },
    pool_size: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'When > 0, pre-generate this many documents at open and cycle through them (benchmarks).',
      'x-advanced': true,
    },
    encoding: { type: 'string', enum: ['json', 'bson', 'avro'], default: 'json', description: 'Encoding of the payloads emitted.', 'x-advanced': true },
  },
};

/** Rejects contradictory options at create time, before any I/O. */
export function checkExclusive(options: DatagenOptions): void {
  if (options.schema !== undefined && options.schema_file !== undefined) {
    throw new ConfigValidationError([{ path: 'options.schema_file', message: 'give either schema or schema_file, not both' }]);
  }
}

/** Loads the document schema: inline, from a file (I/O, hence only at open), or the built-in one the resource names. */
export async function loadDocumentSchema(options: DatagenOptions, resource: string): Promise<JsonSchema> {
  if (options.schema !== undefined) return options.schema;
  if (options.schema_file !== undefined) {
    // Absolute and checked when a host validated the options; used as given when embedded.
    const path = options.schema_file;
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new ConfigValidationError([{ path: 'options.schema_file', message: `cannot read ${path}: ${(error as Error).message}` }], { cause: error });
    }
    try {
      return JSON.parse(text) as JsonSchema;
    } catch (error) {
      throw new ConfigValidationError([{ path: 'options.schema_file', message: `${path} is not valid JSON: ${(error as Error).message}` }], { cause: error });
    }
  }
  return builtinSchema(resource);
}

/** The built-in schema named `resource` (singular or plural); a clear config error listing the names otherwise. */
export function builtinSchema(resource: string): JsonSchema {
  // "users" reads as naturally as "user" in a config; accept the plural of each built-in name.
  const schema = BUILTIN_SCHEMAS[resource] ?? (resource.endsWith('s') ? BUILTIN_SCHEMAS[resource.slice(0, -1)] : undefined);
  if (schema) return schema;
  const names = Object.keys(BUILTIN_SCHEMAS).join(', ');
  throw new ConfigValidationError([
    { path: 'resource', message: `"${resource}" is not a built-in schema (${names}); name one, or set options.schema or options.schema_file` },
  ]);
}
