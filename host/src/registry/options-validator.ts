import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ConfigIssue, ConfigSchema } from '@mstream/sdk';
import { confinePaths } from '../config/confine-paths.js';
import { joinPath } from '../config/env-refs.js';
import { FilesRoot } from '../config/files-root.js';

// ajv-formats ships CJS; under NodeNext its default export arrives wrapped.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

export interface OptionsValidatorOptions {
  /**
   * Where `x-path` options must stay. The host passes its own; without one the default root
   * (MSTREAM_FILES_ROOT, else MSTREAM_DATA_DIR or ./data) applies, so no caller is unconfined.
   */
  filesRoot?: FilesRoot;
}

/**
 * Validates plugin options against their JSON Schemas. One ajv instance for the whole host, so
 * each schema compiles once; strict mode stays on and mstream's `x-` annotations are declared.
 * Every option marked `x-path` is also confined to the files root and made absolute, so every
 * caller (config file, API, job start) checks paths as it checks types.
 */
export class OptionsValidator {
  readonly filesRoot: FilesRoot;
  private readonly ajv: Ajv;
  private readonly compiled = new WeakMap<object, ValidateFunction>();

  constructor(options: OptionsValidatorOptions = {}) {
    this.filesRoot = options.filesRoot ?? FilesRoot.forDataDir(process.env.MSTREAM_DATA_DIR ?? './data');
    this.ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, allowUnionTypes: true });
    addFormats(this.ajv);
    for (const keyword of ['x-secret', 'x-advanced', 'x-order']) this.ajv.addKeyword({ keyword });
    // A misspelt kind is the plugin author's bug: its schema fails to compile at registration.
    this.ajv.addKeyword({ keyword: 'x-path', metaSchema: { enum: ['file', 'folder'] } });
  }

  /** Compiles a schema, throwing a readable error when the schema itself is broken. */
  compile(schema: ConfigSchema): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(schema, validate);
    }
    return validate;
  }

  /**
   * Validates `data` in place (defaults are filled in, `x-path` values made absolute) and returns
   * every issue, each located under `basePath`. Values are never echoed, except refused paths:
   * secrets are never marked `x-path`.
   */
  validate(schema: ConfigSchema, data: unknown, basePath: string): ConfigIssue[] {
    const validate = this.compile(schema);
    const issues = validate(data) ? [] : (validate.errors ?? []).map((error) => toIssue(error, basePath));
    return [...issues, ...confinePaths(schema, data, basePath, this.filesRoot)];
  }
}

function toIssue(error: ErrorObject, basePath: string): ConfigIssue {
  const segments = error.instancePath.split('/').filter(Boolean).map(decodePointer);
  let path = segments.reduce((acc, segment) => (/^\d+$/.test(segment) ? `${acc}[${segment}]` : joinPath(acc, segment)), basePath);
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'required') {
    const missing = String((error.params as { missingProperty: string }).missingProperty);
    path = joinPath(path, missing);
    message = 'is required';
  } else if (error.keyword === 'additionalProperties') {
    const extra = String((error.params as { additionalProperty: string }).additionalProperty);
    path = joinPath(path, extra);
    message = 'is not a known option';
  } else if (error.keyword === 'enum') {
    message = `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return { path, message };
}

function decodePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
