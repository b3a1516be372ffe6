import avro from 'avsc';
import { ConfigValidationError, ConflictError, UnsupportedOperationError, type SchemaEntry, type SchemaInput, type SchemaStore, type SchemaSummary } from '@mstream/sdk';
import { mapRegistryError, type RegistryClient } from './registry-client.js';

/** What the registry answers for one subject version. */
interface SubjectVersion {
  subject: string;
  version: number;
  id: number;
  schema: string;
  schemaType?: string;
}

/** The service handle: one client and the caches shared by every job and API call using the service. */
export class RegistryHandle {
  /** Global ids are immutable: cached forever. */
  readonly byId = new Map<number, { schema: string; schemaType?: string }>();
  /** A subject's latest version changes when someone registers: cached briefly. */
  readonly latest = new Map<string, { entry: SchemaEntry; at: number }>();

  constructor(readonly client: RegistryClient) {}
}

const VERSION_REF = /^(.+)\/versions\/(\d+|latest)$/;

function encodingOf(schemaType: string | undefined, what: string): 'avro' | 'json' {
  if (schemaType === undefined || schemaType === 'AVRO') return 'avro';
  if (schemaType === 'JSON') return 'json';
  throw new UnsupportedOperationError(`${what} is a ${schemaType} schema; mstream handles AVRO and JSON only`);
}

function toEntry(v: SubjectVersion): SchemaEntry {
  return { id: v.subject, name: v.subject, encoding: encodingOf(v.schemaType, `subject "${v.subject}"`), definition: v.schema, registry_id: v.id, version: v.version };
}

const enc = encodeURIComponent;

/**
 * Subjects and versions of a Confluent-compatible registry as an mstream schema store. Ids:
 * `subject` (its latest version), `subject/versions/N`, or a numeric global id.
 */
export class RegistrySchemaStore implements SchemaStore {
  constructor(private readonly handle: RegistryHandle) {}

  private get client(): RegistryClient {
    return this.handle.client;
  }

  async list(signal: AbortSignal): Promise<SchemaSummary[]> {
    const subjects = await this.client.request<string[]>('GET', '/subjects', signal);
    const out: SchemaSummary[] = [];
    for (const subject of subjects) {
      try {
        const entry = await this.get(subject, signal);
        out.push({ id: entry.id, name: entry.name, encoding: entry.encoding });
      } catch (error) {
        // PROTOBUF subjects, or one deleted meanwhile: not listable as mstream schemas.
        if ((error as { code?: string }).code !== 'MS_ERR_UNSUPPORTED' && (error as { code?: string }).code !== 'MS_ERR_NOT_FOUND') throw error;
      }
    }
    return out;
  }

  async get(id: string, signal: AbortSignal): Promise<SchemaEntry> {
    if (/^\d+$/.test(id)) return this.getById(Number(id), signal);
    const ref = VERSION_REF.exec(id);
    if (ref && ref[2] !== 'latest') return this.version(ref[1], ref[2], signal);
    const subject = ref ? ref[1] : id;
    const cached = this.handle.latest.get(subject);
    if (cached && Date.now() - cached.at < this.client.config.subject_cache_ms) return cached.entry;
    const entry = await this.version(subject, 'latest', signal);
    this.handle.latest.set(subject, { entry, at: Date.now() });
    return entry;
  }

  async getById(registryId: number, signal: AbortSignal): Promise<SchemaEntry> {
    let found = this.handle.byId.get(registryId);
    if (!found) {
      try {
        found = await this.client.request<{ schema: string; schemaType?: string }>('GET', `/schemas/ids/${registryId}`, signal);
      } catch (error) {
        throw mapRegistryError(error, `schema id ${registryId}`);
      }
      this.handle.byId.set(registryId, found);
    }
    const name = `schema-${registryId}`;
    return { id: String(registryId), name, encoding: encodingOf(found.schemaType, name), definition: found.schema, registry_id: registryId };
  }

  async listVersions(id: string, signal: AbortSignal): Promise<SchemaEntry[]> {
    const subject = VERSION_REF.exec(id)?.[1] ?? id;
    let versions: number[];
    try {
      versions = await this.client.request<number[]>('GET', `/subjects/${enc(subject)}/versions`, signal);
    } catch (error) {
      throw mapRegistryError(error, `subject "${subject}"`);
    }
    const out: SchemaEntry[] = [];
    for (const v of versions) out.push(await this.version(subject, String(v), signal));
    return out;
  }

  async save(input: SchemaInput, signal: AbortSignal): Promise<SchemaEntry> {
    const subject = input.id ?? input.name;
    if (!subject) throw new ConfigValidationError([{ path: 'name', message: 'is required: it names the registry subject (e.g. "users-value")' }]);
    checkDefinition(input);
    const body = { schema: input.definition, ...(input.encoding === 'json' ? { schemaType: 'JSON' } : {}) };
    // Check first so an incompatible change is refused with the registry's reasons, before anything is written.
    try {
      const verdict = await this.client.request<{ is_compatible: boolean; messages?: string[] }>('POST', `/compatibility/subjects/${enc(subject)}/versions/latest?verbose=true`, signal, body);
      if (!verdict.is_compatible) {
        const reasons = verdict.messages?.length ? `: ${verdict.messages.join('; ')}` : '';
        throw new ConflictError(`schema is not compatible with the latest version of subject "${subject}"${reasons}`);
      }
    } catch (error) {
      // 404: a new subject has nothing to be compatible with.
      const mapped = mapRegistryError(error, `the compatibility check of subject "${subject}"`);
      if ((mapped as { code?: string }).code !== 'MS_ERR_NOT_FOUND') throw mapped;
    }
    let registered: { id: number };
    try {
      registered = await this.client.request<{ id: number }>('POST', `/subjects/${enc(subject)}/versions`, signal, body);
    } catch (error) {
      throw mapRegistryError(error, `registering subject "${subject}"`);
    }
    this.handle.latest.delete(subject);
    this.handle.byId.set(registered.id, { schema: input.definition, schemaType: body.schemaType });
    const entry = await this.get(subject, signal);
    // Registering an existing definition again returns its old id and version (no new version).
    return entry.registry_id === registered.id ? entry : { ...entry, registry_id: registered.id, definition: input.definition };
  }

  async delete(id: string, signal: AbortSignal): Promise<void> {
    const ref = VERSION_REF.exec(id);
    const subject = ref ? ref[1] : id;
    const path = ref && ref[2] !== 'latest' ? `/subjects/${enc(subject)}/versions/${ref[2]}` : `/subjects/${enc(subject)}`;
    try {
      await this.client.request('DELETE', path, signal);
    } catch (error) {
      throw mapRegistryError(error, `subject "${id}"`);
    }
    this.handle.latest.delete(subject);
    // Soft delete hides it; the permanent delete frees the name for a new subject (not all registries allow it).
    await this.client.request('DELETE', `${path}?permanent=true`, signal).catch(() => undefined);
  }

  private async version(subject: string, version: string, signal: AbortSignal): Promise<SchemaEntry> {
    let answer: SubjectVersion;
    try {
      answer = await this.client.request<SubjectVersion>('GET', `/subjects/${enc(subject)}/versions/${version}`, signal);
    } catch (error) {
      throw mapRegistryError(error, version === 'latest' ? `subject "${subject}"` : `subject "${subject}" version ${version}`);
    }
    this.handle.byId.set(answer.id, { schema: answer.schema, schemaType: answer.schemaType });
    return toEntry({ ...answer, subject: answer.subject ?? subject });
  }
}

/** Refuses definitions the registry would reject anyway, with a clearer message. */
function checkDefinition(input: SchemaInput): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.definition);
  } catch (error) {
    throw new ConfigValidationError([{ path: 'definition', message: `is not valid JSON: ${(error as Error).message}` }]);
  }
  if (input.encoding === 'avro') {
    try {
      avro.Type.forSchema(parsed as avro.Schema);
    } catch (error) {
      throw new ConfigValidationError([{ path: 'definition', message: `is not a valid Avro schema: ${(error as Error).message}` }]);
    }
  }
}

