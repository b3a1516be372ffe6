import type { ConfigSchema } from '@mstream/sdk';

/** A `[[services]]` entry with `provider = "schema-registry"`. */
export interface RegistryConfig {
  /** Base URL of the registry's Confluent API, e.g. `http://127.0.0.1:8081` (Apicurio: `…/apis/ccompat/v7`). */
  url: string;
  username?: string;
  password?: string;
  timeout_ms: number;
  /** How long a subject's latest version is reused before asking again. */
  subject_cache_ms: number;
}

export const REGISTRY_CONFIG_SCHEMA: ConfigSchema = {
  type: 'object',
  required: ['url'],
  additionalProperties: false,
  properties: {
    url: { type: 'string', pattern: '^https?://', description: 'Base URL of the Confluent-compatible REST API', 'x-order': 1 },
    username: { type: 'string', description: 'Basic-auth user (Confluent Cloud: the API key)', 'x-order': 2 },
    password: { type: 'string', description: 'Basic-auth password (Confluent Cloud: the API secret)', 'x-secret': true, 'x-order': 3 },
    timeout_ms: { type: 'integer', minimum: 100, maximum: 120000, default: 10000, description: 'Per-request timeout', 'x-advanced': true },
    subject_cache_ms: {
      type: 'integer', minimum: 0, maximum: 3600000, default: 5000,
      description: 'How long a subject\'s latest version is cached (schemas by id are cached forever: ids are immutable)', 'x-advanced': true,
    },
  },
};
