import { ConfigValidationError, TimeoutError } from '@mstream/sdk';
import { generateSync, type JsonSchema } from 'json-schema-faker';

/** One generated document, encoded. */
export interface GeneratedDocument {
  readonly payload: Uint8Array;
  /** The document's `_id` when it has a string or number one (becomes the event key). */
  readonly key: string | undefined;
}

/** Produces document number `i`; the same `i` always gives the same document. */
export type DocumentFactory = (i: number) => GeneratedDocument;

/** Documents per slice when filling a pool, between which the event loop (and abort) gets a turn. */
const POOL_SLICE = 200;

/** Generates document `i` from `seed + i`, so any event can be regenerated on its own after a restart. */
export function generateDocument(schema: JsonSchema, seed: number, i: number): unknown {
  return generateSync(schema, { seed: seed + i });
}

function encoded(doc: unknown, encode: (doc: unknown) => Uint8Array): GeneratedDocument {
  const id = (doc as { _id?: unknown } | null)?._id;
  return { payload: encode(doc), key: typeof id === 'string' || typeof id === 'number' ? String(id) : undefined };
}

/** Generates document 0 once, so a schema json-schema-faker cannot handle fails at open with a config error. */
function probe(schema: JsonSchema, seed: number): void {
  try {
    generateDocument(schema, seed, 0);
  } catch (error) {
    throw new ConfigValidationError([{ path: 'options.schema', message: `cannot generate documents: ${(error as Error).message}` }], { cause: error });
  }
}

/** Generates every document on demand: about 0.1 ms each, so roughly 10k events/s at most. */
export function createGeneratingFactory(schema: JsonSchema, seed: number, encode: (doc: unknown) => Uint8Array): DocumentFactory {
  probe(schema, seed);
  return (i) => encoded(generateDocument(schema, seed, i), encode);
}

/**
 * Pre-generates and pre-encodes `size` documents, then serves document `i` from slot `i % size`.
 * Events then cost no generation or encoding at all (payload bytes are shared, which is safe:
 * events are read-only). Fills the pool in slices so `signal` can stop a long fill.
 */
export async function createPooledFactory(
  schema: JsonSchema,
  seed: number,
  size: number,
  encode: (doc: unknown) => Uint8Array,
  signal: AbortSignal,
): Promise<DocumentFactory> {
  probe(schema, seed);
  const pool: GeneratedDocument[] = new Array(size);
  for (let k = 0; k < size; k++) {
    if (k > 0 && k % POOL_SLICE === 0) {
      await new Promise((r) => setImmediate(r));
      if (signal.aborted) throw new TimeoutError(`datagen: open aborted after ${k} of ${size} pool documents`);
    }
    pool[k] = encoded(generateDocument(schema, seed, k), encode);
  }
  return (i) => pool[i % size];
}
