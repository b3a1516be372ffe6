import { readFile } from 'node:fs/promises';
import type avro from 'avsc';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import formatsModule from 'ajv-formats/dist/formats.js';
import { ConfigValidationError, type ConfigIssue, type SchemaEntry, type SchemaStore } from '@mstream/sdk';
import type { JobSchemaConfig } from '../config/config-types.js';
import type { ConfluentWire, ResolvedSchema } from '../codecs/schema-types.js';
import { isRfc3339Date, isRfc3339DateTime, isRfc3339Time } from '../codecs/rfc3339-formats.js';

/** avsc is imported for the first Avro schema a job declares, not with the runtime (most jobs have none). */
const avroSchemas = () => import('../codecs/avro-schema.js');

type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;
const { fullFormats } = ((formatsModule as unknown as { default?: typeof formatsModule }).default ?? formatsModule) as typeof formatsModule;

/**
 * What a service's schema store answered. `registry_id` and `store` (with its optional
 * `getById`/`listVersions`) are needed only for `wire_format = "confluent"`.
 */
export type RemoteSchema = Pick<SchemaEntry, 'encoding' | 'definition' | 'registry_id'> & { store?: SchemaStore };

/** Fetches a schema definition kept on a service's schema store. */
export type RemoteSchemaLookup = (serviceName: string, id: string) => Promise<RemoteSchema>;

/** A job's schema entry; `wire_format` is read here (config-types should declare it: see docs/schemas.md). */
type DeclaredSchema = JobSchemaConfig & { wire_format?: string };

/** How long writer-schema lookups triggered by unknown ids in payloads may take. */
const WRITER_FETCH_TIMEOUT_MS = 10_000;

/** The ajv every job uses for user data schemas: lenient about unknown keywords (e.g. from Avro conversions). */
export function createDataAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // The same checks without allocating (codecs/rfc3339-formats.ts); ajv-formats' comparisons stay,
  // for formatMinimum and friends.
  ajv.addFormat('date', { ...(fullFormats.date as object), validate: isRfc3339Date });
  ajv.addFormat('time', { ...(fullFormats.time as object), validate: isRfc3339Time });
  ajv.addFormat('date-time', { ...(fullFormats['date-time'] as object), validate: isRfc3339DateTime });
  ajv.addFormat('objectid', /^[0-9a-fA-F]{24}$/);
  ajv.addFormat('decimal', /^[+-]?\d+(\.\d+)?$/);
  return ajv;
}

/**
 * Compiles every schema a job declares, once, at job start. Problems are collected and thrown
 * together, located at `schemas[i]`.
 */
export async function resolveSchemas(declared: DeclaredSchema[] = [], lookup: RemoteSchemaLookup): Promise<Map<string, ResolvedSchema>> {
  const resolved = new Map<string, ResolvedSchema>();
  const issues: ConfigIssue[] = [];
  // Built for the first JSON Schema only: most jobs declare none, and an ajv costs a few MB to set up.
  let ajv: Ajv | undefined;
  for (const [i, schema] of declared.entries()) {
    const path = `schemas[${i}]`;
    try {
      if (schema.wire_format !== undefined && schema.wire_format !== 'confluent' && schema.wire_format !== 'plain') {
        issues.push({ path: `${path}.wire_format`, message: 'must be "confluent" or "plain"' });
        continue;
      }
      let encoding = schema.encoding;
      let definition: unknown;
      let remote: RemoteSchema | undefined;
      if (schema.definition !== undefined) definition = typeof schema.definition === 'string' ? JSON.parse(schema.definition) : schema.definition;
      else if (schema.file) definition = JSON.parse(await readFile(schema.file, 'utf8'));
      else if (schema.service_name) {
        remote = await lookup(schema.service_name, schema.resource ?? schema.id);
        encoding ??= remote.encoding;
        definition = JSON.parse(remote.definition);
      }
      encoding ??= looksLikeAvro(definition) ? 'avro' : 'json';
      let entry: ResolvedSchema;
      if (encoding === 'avro') {
        const { parseAvroSchema } = await avroSchemas();
        entry = { id: schema.id, encoding, avro: parseAvroSchema(definition), avroJson: parseAvroSchema(definition, 'json') };
      } else entry = { id: schema.id, encoding, validate: (ajv ??= createDataAjv()).compile(definition as object) };
      if (schema.wire_format === 'confluent') entry.wire = await confluentWire(schema, remote, entry, path);
      resolved.set(schema.id, entry);
    } catch (error) {
      issues.push(...((error as ConfigValidationError).issues ?? [{ path, message: `schema "${schema.id}" cannot be used: ${(error as Error).message}` }]));
    }
  }
  if (issues.length) throw new ConfigValidationError(issues);
  return resolved;
}

/**
 * The Confluent framing of a registry-backed schema: its own registry id, and every other version
 * of the subject pre-loaded as writer schemas, so payloads from older producers decode without a
 * lookup. Ids first seen in payloads later are fetched in the background (ids are immutable).
 */
async function confluentWire(schema: DeclaredSchema, remote: RemoteSchema | undefined, entry: ResolvedSchema, path: string): Promise<ConfluentWire> {
  if (!remote) throw new ConfigValidationError([{ path: `${path}.wire_format`, message: '"confluent" needs a schema kept on a registry service (service_name + resource)' }]);
  if (typeof remote.registry_id !== 'number') {
    throw new ConfigValidationError([{ path: `${path}.wire_format`, message: `service "${schema.service_name}" gave no numeric registry id for "${schema.resource ?? schema.id}", so it cannot frame payloads` }]);
  }
  const writers = new Map<number, avro.Type>();
  const store = remote.store;
  const { parseAvroSchema } = await avroSchemas();
  if (entry.avro && store?.listVersions) {
    const signal = AbortSignal.timeout(WRITER_FETCH_TIMEOUT_MS);
    for (const version of await store.listVersions(schema.resource ?? schema.id, signal)) {
      if (typeof version.registry_id === 'number' && version.encoding === 'avro') writers.set(version.registry_id, parseAvroSchema(version.definition));
    }
  }
  const pending = new Set<number>();
  const fetchWriter =
    entry.avro && store?.getById
      ? (registryId: number) => {
          if (pending.has(registryId) || writers.has(registryId)) return;
          pending.add(registryId);
          store.getById!(registryId, AbortSignal.timeout(WRITER_FETCH_TIMEOUT_MS))
            .then((found) => writers.set(registryId, parseAvroSchema(found.definition)))
            .catch(() => undefined)
            .finally(() => pending.delete(registryId));
        }
      : undefined;
  return { format: 'confluent', registryId: remote.registry_id, writers, fetchWriter };
}

function looksLikeAvro(definition: unknown): boolean {
  if (typeof definition === 'string') return true;
  if (Array.isArray(definition)) return true;
  const record = definition as { type?: unknown; fields?: unknown; $schema?: unknown };
  return !record.$schema && (Array.isArray(record.fields) || ['record', 'enum', 'fixed', 'map'].includes(String(record.type)));
}
