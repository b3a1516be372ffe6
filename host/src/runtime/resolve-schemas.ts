import { readFile } from 'node:fs/promises';
import avro from 'avsc';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ConfigValidationError, type ConfigIssue } from '@mstream/sdk';
import type { JobSchemaConfig } from '../config/config-types.js';
import type { ResolvedSchema } from '../codecs/schema-types.js';

type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

/** Fetches a schema definition kept on a service's schema store. */
export type RemoteSchemaLookup = (serviceName: string, id: string) => Promise<{ encoding: 'avro' | 'json'; definition: string }>;

/**
 * Compiles every schema a job declares, once, at job start. Problems are collected and thrown
 * together, located at `schemas[i]`.
 */
export async function resolveSchemas(declared: JobSchemaConfig[] = [], lookup: RemoteSchemaLookup): Promise<Map<string, ResolvedSchema>> {
  const resolved = new Map<string, ResolvedSchema>();
  const issues: ConfigIssue[] = [];
  // Lenient ajv for user data schemas: unknown keywords (e.g. from Avro conversions) are allowed.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  for (const [i, schema] of declared.entries()) {
    const path = `schemas[${i}]`;
    try {
      let encoding = schema.encoding;
      let definition: unknown;
      if (schema.definition !== undefined) definition = typeof schema.definition === 'string' ? JSON.parse(schema.definition) : schema.definition;
      else if (schema.file) definition = JSON.parse(await readFile(schema.file, 'utf8'));
      else if (schema.service_name) {
        const remote = await lookup(schema.service_name, schema.resource ?? schema.id);
        encoding ??= remote.encoding;
        definition = JSON.parse(remote.definition);
      }
      encoding ??= looksLikeAvro(definition) ? 'avro' : 'json';
      if (encoding === 'avro') resolved.set(schema.id, { id: schema.id, encoding, avro: avro.Type.forSchema(definition as avro.Schema) });
      else resolved.set(schema.id, { id: schema.id, encoding, validate: ajv.compile(definition as object) });
    } catch (error) {
      issues.push({ path, message: `schema "${schema.id}" cannot be used: ${(error as Error).message}` });
    }
  }
  if (issues.length) throw new ConfigValidationError(issues);
  return resolved;
}

function looksLikeAvro(definition: unknown): boolean {
  if (typeof definition === 'string') return true;
  if (Array.isArray(definition)) return true;
  const record = definition as { type?: unknown; fields?: unknown; $schema?: unknown };
  return !record.$schema && (Array.isArray(record.fields) || ['record', 'enum', 'fixed', 'map'].includes(String(record.type)));
}
