type Json = Record<string, unknown>;

/**
 * Converts an Avro schema (a record, normally) to a JSON Schema (draft-07). Record and enum names
 * become `title`s, so converting back gives the same names. Mapping: docs/schemas.md.
 */
export function avroToJsonSchema(avro: unknown): Json {
  const named = new Map<string, Json>();
  const out = convert(avro, named, undefined);
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...out };
}

function fullName(name: string, namespace: string | undefined): string {
  return name.includes('.') || !namespace ? name : `${namespace}.${name}`;
}

function convert(schema: unknown, named: Map<string, Json>, namespace: string | undefined): Json {
  if (typeof schema === 'string') return primitive(schema, named, namespace);
  if (Array.isArray(schema)) return union(schema, named, namespace);
  const s = schema as Json;
  if (typeof s.logicalType === 'string') {
    const logical = logicalType(s);
    if (logical) return logical;
  }
  const type = s.type;
  if (Array.isArray(type) || (typeof type === 'object' && type !== null)) return convert(type, named, namespace);
  switch (type) {
    case 'record':
    case 'error': {
      const ns = typeof s.namespace === 'string' ? s.namespace : namespace;
      const out: Json = { type: 'object', title: String(s.name).split('.').pop() };
      named.set(fullName(String(s.name), ns), out);
      if (typeof s.doc === 'string') out.description = s.doc;
      const properties: Record<string, Json> = {};
      const required: string[] = [];
      for (const field of (s.fields ?? []) as Json[]) {
        const property = convert(field.type, named, ns);
        if (typeof field.doc === 'string') property.description = field.doc;
        if (field.default !== undefined && field.default !== null) property.default = field.default;
        properties[String(field.name)] = property;
        if (!isNullable(field.type)) required.push(String(field.name));
      }
      out.properties = properties;
      if (required.length) out.required = required;
      return out;
    }
    case 'enum': {
      const out: Json = { type: 'string', title: String(s.name).split('.').pop(), enum: s.symbols };
      named.set(fullName(String(s.name), typeof s.namespace === 'string' ? s.namespace : namespace), out);
      return out;
    }
    case 'array':
      return { type: 'array', items: convert(s.items, named, namespace) };
    case 'map':
      return { type: 'object', additionalProperties: convert(s.values, named, namespace) };
    case 'fixed':
      return { type: 'string', contentEncoding: 'base64' };
    default:
      return primitive(String(type), named, namespace);
  }
}

function primitive(type: string, named: Map<string, Json>, namespace: string | undefined): Json {
  switch (type) {
    case 'null':
      return { type: 'null' };
    case 'boolean':
      return { type: 'boolean' };
    case 'int':
      return { type: 'integer', minimum: -(2 ** 31), maximum: 2 ** 31 - 1 };
    case 'long':
      return { type: 'integer' };
    case 'float':
    case 'double':
      return { type: 'number' };
    case 'bytes':
      return { type: 'string', contentEncoding: 'base64' };
    case 'string':
      return { type: 'string' };
    default: {
      // A reference to a named type defined earlier: repeat its definition (JSON has no named types here).
      const ref = named.get(fullName(type, namespace)) ?? named.get(type);
      if (!ref) throw new Error(`unknown Avro type "${type}"`);
      return structuredClone(ref);
    }
  }
}

function logicalType(s: Json): Json | undefined {
  switch (s.logicalType) {
    case 'timestamp-millis':
    case 'timestamp-micros':
    case 'local-timestamp-millis':
    case 'local-timestamp-micros':
      return { type: 'string', format: 'date-time' };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'time-millis':
    case 'time-micros':
      return { type: 'string', format: 'time' };
    case 'uuid':
      return { type: 'string', format: 'uuid' };
    case 'objectid':
      return { type: 'string', format: 'objectid' };
    case 'decimal':
      return { type: 'string', format: 'decimal', 'x-avro-precision': s.precision, 'x-avro-scale': s.scale ?? 0 };
    default:
      return undefined;
  }
}

function isNullable(type: unknown): boolean {
  return Array.isArray(type) && type.some((t) => t === 'null');
}

function union(types: unknown[], named: Map<string, Json>, namespace: string | undefined): Json {
  const nonNull = types.filter((t) => t !== 'null');
  const nullable = nonNull.length < types.length;
  const branches = nonNull.map((t) => convert(t, named, namespace));
  if (branches.length === 1) {
    const only = branches[0];
    if (!nullable) return only;
    if (typeof only.type === 'string' && !only.properties && !only.enum) return { ...only, type: [only.type, 'null'] };
    return { anyOf: [only, { type: 'null' }] };
  }
  return { anyOf: nullable ? [...branches, { type: 'null' }] : branches };
}
