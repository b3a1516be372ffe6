import { BSON } from 'bson';
import { DataError, type Codecs, type Encoding } from '@mstream/sdk';
import { parseJson, stringifyFlat } from './flat-json.js';
import type { ResolvedSchema } from './schema-types.js';

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/**
 * The one place payloads change encoding. Everything converts through the decoded form, in which
 * BSON types stay typed (`useBigInt64` keeps int64 as int64 on the way back).
 */
export class HostCodecs implements Codecs {
  decode(payload: Uint8Array, encoding: Encoding, schema?: unknown): unknown {
    const resolved = schema as ResolvedSchema | undefined;
    switch (encoding) {
      case 'json': {
        let text: string;
        try {
          text = decoder.decode(payload);
        } catch {
          throw new DataError('payload is not valid UTF-8 text, so it cannot be JSON');
        }
        try {
          return parseJson(text);
        } catch (error) {
          throw new DataError(`payload is not valid JSON: ${(error as Error).message}`);
        }
      }
      case 'bson':
        try {
          return BSON.deserialize(payload, { useBigInt64: true });
        } catch (error) {
          throw new DataError(`payload is not a valid BSON document: ${(error as Error).message}`);
        }
      case 'avro': {
        if (!resolved?.avro) throw new DataError('an avro payload needs an Avro schema (set schema_id on this step)');
        try {
          return resolved.avro.fromBuffer(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength));
        } catch (error) {
          throw new DataError(`payload does not match Avro schema "${resolved.id}": ${(error as Error).message}`);
        }
      }
      default:
        throw new DataError(`unknown encoding "${String(encoding)}"`);
    }
  }

  encode(value: unknown, encoding: Encoding, schema?: unknown): Uint8Array {
    const resolved = schema as ResolvedSchema | undefined;
    switch (encoding) {
      case 'json':
        return encoder.encode(stringifyFlat(value));
      case 'bson':
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          throw new DataError(`only a document (object) can be encoded as BSON, got ${Array.isArray(value) ? 'an array' : typeof value}`);
        }
        try {
          return BSON.serialize(value as Record<string, unknown>);
        } catch (error) {
          throw new DataError(`cannot encode as BSON: ${(error as Error).message}`);
        }
      case 'avro': {
        if (!resolved?.avro) throw new DataError('encoding to avro needs an Avro schema (set schema_id on this step)');
        const paths: string[] = [];
        if (!resolved.avro.isValid(value, { errorHook: (path) => paths.push(path.join('.') || '(root)') })) {
          throw new DataError(`document does not match Avro schema "${resolved.id}" at: ${paths.join(', ')}`);
        }
        return resolved.avro.toBuffer(value);
      }
      default:
        throw new DataError(`unknown encoding "${String(encoding)}"`);
    }
  }
}
