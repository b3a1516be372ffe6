import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ConfigIssue, ConfigSchema } from '@mstream/sdk';
import { joinPath } from '../config/env-refs.js';

// ajv-formats ships CJS; under NodeNext its default export arrives wrapped.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

/**
 * Validates plugin options against their JSON Schemas. One ajv instance for the whole host, so
 * each schema compiles once; strict mode stays on and mstream's `x-` annotations are declared.
 */
export class OptionsValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new WeakMap<object, ValidateFunction>();

  constructor() {
    this.ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, allowUnionTypes: true });
    addFormats(this.ajv);
    for (const keyword of ['x-secret', 'x-advanced', 'x-order']) this.ajv.addKeyword({ keyword });
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
   * Validates `data` in place (defaults are filled in) and returns every issue, each located
   * under `basePath`. Values are never echoed: they may be secrets.
   */
  validate(schema: ConfigSchema, data: unknown, basePath: string): ConfigIssue[] {
    const validate = this.compile(schema);
    if (validate(data)) return [];
    return (validate.errors ?? []).map((error) => toIssue(error, basePath));
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
