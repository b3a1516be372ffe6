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
 * - `x-path: 'file' | 'folder'` — the value is a path on the host (see {@link PathKind}). Before
 *   the plugin sees the config, the host resolves it against its files root
 *   (`MSTREAM_FILES_ROOT`, default the data folder), refuses it with a config error when it leads
 *   outside (after `..` and symbolic links), and replaces it with the absolute path. Mark every
 *   option your plugin reads, writes or creates on disk, so a path given over the API cannot
 *   reach `/etc` or the user's home. Works on properties, `additionalProperties`, array `items`
 *   and `oneOf`/`anyOf`/`allOf` branches; only string values are checked.
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
  /** The value is a path on the host, confined to the files root; see {@link PathKind}. */
  'x-path'?: PathKind;
  [keyword: string]: unknown;
}

/**
 * What an `x-path` option names: `'file'` (read or written as one file) or `'folder'` (listed, or
 * created and written into). The host confines both the same way — the resolved path must lie
 * inside the files root, the root itself included — and hands the plugin an absolute path; the
 * kind tells forms and readers what is expected. Embedded without a host (unit tests, the
 * acceptance kit), a plugin receives the value unchanged, so it should pass it to `fs` as is
 * rather than resolve it against `process.cwd()` itself.
 * @public
 */
export type PathKind = 'file' | 'folder';

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
