import { NameAllocator, sanitizeName, sanitizeNamespace, isValidName } from './avro-names.js';

type Json = Record<string, unknown>;
type AvroSchema = string | Json | AvroSchema[];

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** Options of a JSON Schema → Avro conversion. */
export interface JsonToAvroOptions {
  /** Name of the top-level record (default: the schema's `title`, else `Record`). */
  name?: string;
  namespace?: string;
}

/**
 * Converts a JSON Schema describing an object into an Avro record schema. The mapping is the
 * table in docs/schemas.md; every keyword it cannot express (patterns, lengths, …) is dropped,
 * since Avro has no equivalent.
 */
export function jsonSchemaToAvro(schema: Json, options: JsonToAvroOptions = {}): Json {
  const names = new NameAllocator();
  const root = new JsonToAvro(names);
  if (!isObjectSchema(schema)) throw new Error('the JSON Schema must describe an object (type "object" with properties) to become an Avro record');
  const record = root.record(schema, options.name ?? (typeof schema.title === 'string' ? schema.title : 'Record'));
  const namespace = sanitizeNamespace(options.namespace);
  return namespace ? { ...record, namespace } : record;
}

function isObjectSchema(schema: Json): boolean {
  return (schema.type === 'object' || (schema.type === undefined && typeof schema.properties === 'object')) && schema.properties !== undefined;
}

class JsonToAvro {
  constructor(private readonly names: NameAllocator) {}

  record(schema: Json, nameHint: string): Json {
    const properties = (schema.properties ?? {}) as Record<string, Json>;
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    const record: Json = { type: 'record', name: this.names.take(nameHint) };
    if (typeof schema.description === 'string') record.doc = schema.description;
    const seen = new Set<string>();
    record.fields = Object.entries(properties).map(([property, sub]) => {
      let name = sanitizeName(property);
      for (let n = 2; seen.has(name); n++) name = `${sanitizeName(property)}_${n}`;
      seen.add(name);
      const { type: inner, nullable } = this.type(sub ?? {}, property);
      const field: Json = { name };
      if (typeof sub?.description === 'string') field.doc = sub.description;
      if (nullable || !required.has(property)) {
        field.type = Array.isArray(inner) ? ['null', ...inner.filter((t) => t !== 'null')] : ['null', inner];
        field.default = null;
      } else {
        field.type = inner;
        if (sub?.default !== undefined && ['string', 'number', 'boolean'].includes(typeof sub.default)) field.default = sub.default;
      }
      return field;
    });
    return record;
  }

  /** The Avro type of a property's schema, and whether JSON allows null there. */
  type(schema: Json, nameHint: string): { type: AvroSchema; nullable: boolean } {
    const branches = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
    if (Array.isArray(branches) && schema.type === undefined) {
      const nonNull = branches.filter((b) => b.type !== 'null');
      const nullable = nonNull.length < branches.length;
      if (nonNull.length === 1) return { type: this.type(nonNull[0], nameHint).type, nullable };
      return { type: nonNull.map((b) => this.type(b, nameHint).type), nullable };
    }
    let types = Array.isArray(schema.type) ? (schema.type as string[]) : schema.type === undefined ? [] : [String(schema.type)];
    const nullable = types.includes('null');
    types = types.filter((t) => t !== 'null');
    if (types.length === 0) {
      if (Array.isArray(schema.enum)) types = ['string'];
      else if (schema.properties) types = ['object'];
      else if (schema.items) types = ['array'];
      else if (nullable) return { type: 'null', nullable: false };
      else types = ['string'];
    }
    if (types.length > 1) return { type: types.map((t) => this.single({ ...schema, type: t }, t, nameHint)), nullable };
    return { type: this.single(schema, types[0], nameHint), nullable };
  }

  private single(schema: Json, type: string, nameHint: string): AvroSchema {
    switch (type) {
      case 'string':
        return this.string(schema, nameHint);
      case 'integer': {
        const min = typeof schema.minimum === 'number' ? schema.minimum : undefined;
        const max = typeof schema.maximum === 'number' ? schema.maximum : undefined;
        if (schema.format === 'int32' || (min !== undefined && max !== undefined && min >= INT_MIN && max <= INT_MAX)) return 'int';
        return 'long';
      }
      case 'number':
        return 'double';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'array':
        return { type: 'array', items: this.type((schema.items as Json) ?? { type: 'string' }, singular(nameHint)).type };
      case 'object': {
        if (schema.properties) return this.record(schema, typeof schema.title === 'string' ? schema.title : nameHint);
        const values = typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as Json) : { type: 'string' };
        return { type: 'map', values: this.type(values, `${nameHint}Value`).type };
      }
      default:
        throw new Error(`unsupported JSON Schema type "${type}"`);
    }
  }

  private string(schema: Json, nameHint: string): AvroSchema {
    if (Array.isArray(schema.enum)) {
      const symbols = schema.enum.filter((s) => s !== null).map(String);
      // Avro enum symbols must be valid names; other enums stay strings (the values still validate as JSON).
      if (symbols.length && symbols.every(isValidName) && new Set(symbols).size === symbols.length) {
        return { type: 'enum', name: this.names.take(typeof schema.title === 'string' ? schema.title : nameHint), symbols };
      }
      return 'string';
    }
    switch (schema.format) {
      case 'date-time':
        return { type: 'long', logicalType: 'timestamp-millis' };
      case 'date':
        return { type: 'int', logicalType: 'date' };
      case 'time':
        return { type: 'int', logicalType: 'time-millis' };
      case 'uuid':
        return { type: 'string', logicalType: 'uuid' };
      case 'objectid':
        return { type: 'string', logicalType: 'objectid' };
      case 'decimal': {
        const precision = typeof schema['x-avro-precision'] === 'number' ? schema['x-avro-precision'] : 34;
        const scale = typeof schema['x-avro-scale'] === 'number' ? schema['x-avro-scale'] : 6;
        return { type: 'bytes', logicalType: 'decimal', precision, scale };
      }
    }
    if (schema.contentEncoding === 'base64') return 'bytes';
    return 'string';
  }
}

function singular(name: string): string {
  return name.endsWith('s') && name.length > 1 ? name.slice(0, -1) : `${name}Item`;
}
