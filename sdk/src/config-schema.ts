/**
 * A JSON Schema (draft-07 subset as accepted by ajv) describing a plugin's options, with
 * mstream's annotations. The host validates configuration against it before anything starts,
 * the dashboard renders forms from it, and the docs list its fields.
 *
 * Annotations:
 * - `x-secret: true` — the value is a credential: encrypted at rest, masked (`****`) in every
 *   API response and never logged.
 * - `x-advanced: true` — hidden behind "advanced" in generated forms.
 * - `x-order` — display order in generated forms.
 * @public
 */
export interface ConfigSchema {
  type?: 'object' | 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'null' | Array<string>;
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: ConfigSchema;
  properties?: Record<string, ConfigSchema>;
  required?: string[];
  additionalProperties?: boolean | ConfigSchema;
  oneOf?: ConfigSchema[];
  anyOf?: ConfigSchema[];
  examples?: unknown[];
  'x-secret'?: boolean;
  'x-advanced'?: boolean;
  'x-order'?: number;
  [keyword: string]: unknown;
}

/**
 * One problem found in a configuration. The host collects every issue before reporting,
 * so a user fixes their file in one pass.
 * @public
 */
export interface ConfigIssue {
  /** Where the problem is, e.g. `connectors[2].sinks[0].service_name`. */
  path: string;
  /** What is wrong, written for the person editing the file. */
  message: string;
}

/** An options schema that accepts an empty object and nothing else. @public */
export const NO_OPTIONS: ConfigSchema = { type: 'object', properties: {}, additionalProperties: false };
