import type { ConfigSchema } from '@mstream/sdk';

export const MASK = '****';
const SECRET_NAME = /(password|passwd|secret|token|credential|jaas|api[_-]?key|private[_-]?key|connection_string|authorization|\.key$)/i;

/**
 * Returns a copy of a service config with every secret replaced by `****`: fields the plugin
 * marked `x-secret`, plus any key whose name looks like a credential (defence in depth for
 * free-form maps such as Kafka's librdkafka keys).
 */
export function maskSecrets(config: Record<string, unknown>, schema: ConfigSchema | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const fieldSchema = fieldSchemaOf(schema, key);
    if (value !== undefined && value !== null && (fieldSchema?.['x-secret'] === true || SECRET_NAME.test(key))) {
      out[key] = MASK;
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = maskSecrets(value as Record<string, unknown>, fieldSchema);
    } else if (Array.isArray(value)) {
      out[key] = value.map((item) =>
        item && typeof item === 'object' ? maskSecrets(item as Record<string, unknown>, fieldSchema?.items) : item,
      );
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Collects the secret values of a config, so log lines and error messages can be scrubbed. */
export function secretValues(config: Record<string, unknown>, schema: ConfigSchema | undefined): string[] {
  const found: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    const fieldSchema = fieldSchemaOf(schema, key);
    if (typeof value === 'string' && value.length >= 4 && (fieldSchema?.['x-secret'] === true || SECRET_NAME.test(key))) found.push(value);
    else if (value && typeof value === 'object' && !Array.isArray(value)) found.push(...secretValues(value as Record<string, unknown>, fieldSchema));
  }
  return found;
}

/** A key's schema: its property, or the map's `additionalProperties` schema (e.g. HTTP headers). */
function fieldSchemaOf(schema: ConfigSchema | undefined, key: string): ConfigSchema | undefined {
  const property = schema?.properties?.[key];
  if (property) return property;
  return typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}
