import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import type { ConfigIssue, ConfigSchema } from '../config-schema.js';
import { ConfigValidationError } from '../errors.js';

/**
 * Validates configs the way the host does: ajv with formats, every error collected, defaults
 * applied, and mstream's `x-*` annotations declared as keywords so strict mode stays on and a
 * misspelt keyword (`requried`) still fails compilation.
 *
 * Compiled validators are cached per schema object. Not shared across threads (there are none).
 * @public
 */
export class ConfigValidator {
  private readonly ajv: Ajv;
  private readonly cache = new WeakMap<object, ValidateFunction>();

  constructor() {
    // ajv's default strictness: unknown keywords fail compilation, type ambiguities only log.
    this.ajv = new Ajv({ allErrors: true, useDefaults: true });
    // ajv-formats is CommonJS; under NodeNext its default import is the module object.
    formats.default(this.ajv);
    this.ajv.addKeyword({ keyword: 'x-secret', schemaType: 'boolean' });
    this.ajv.addKeyword({ keyword: 'x-advanced', schemaType: 'boolean' });
    this.ajv.addKeyword({ keyword: 'x-order', schemaType: 'number' });
    // Only the host confines x-path values (to its files root); here the kind is checked, as the host does.
    this.ajv.addKeyword({ keyword: 'x-path', metaSchema: { enum: ['file', 'folder'] } });
  }

  /** Compiles a schema; throws ajv's error (naming the bad keyword) when the schema itself is invalid. */
  compile(schema: ConfigSchema): ValidateFunction {
    let validate = this.cache.get(schema);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.cache.set(schema, validate);
    }
    return validate;
  }

  /**
   * Returns every issue of `value` against `schema` (empty when valid). Mutates nothing: defaults
   * are applied to a copy, returned as `value`. `prefix` is prepended to issue paths.
   */
  check(schema: ConfigSchema, value: Record<string, unknown>, prefix = ''): { value: Record<string, unknown>; issues: ConfigIssue[] } {
    const copy = structuredClone(value);
    const validate = this.compile(schema);
    if (validate(copy)) return { value: copy, issues: [] };
    return { value: copy, issues: (validate.errors ?? []).map((error) => toIssue(error, prefix)) };
  }

  /** Like {@link ConfigValidator.check} but throws a `ConfigValidationError` listing every issue. */
  parse(schema: ConfigSchema, value: Record<string, unknown>, prefix = ''): Record<string, unknown> {
    const { value: withDefaults, issues } = this.check(schema, value, prefix);
    if (issues.length > 0) throw new ConfigValidationError(issues);
    return withDefaults;
  }
}

/** Turns an ajv error into a `ConfigIssue` with a dotted path (`a.b[0].c`) to the offending key. */
function toIssue(error: ErrorObject, prefix: string): ConfigIssue {
  let path = pointerToPath(error.instancePath);
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  // ajv reports these at the parent object; point at the key the user has to add or remove.
  const key = params.missingProperty ?? params.additionalProperty;
  if (key !== undefined) path = joinPath(path, key);
  const message = params.additionalProperty !== undefined ? 'is not allowed here' : (error.message ?? 'is invalid');
  return { path: joinPath(prefix, path) || '(root)', message };
}

function pointerToPath(pointer: string): string {
  let path = '';
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path = /^\d+$/.test(segment) ? `${path}[${segment}]` : joinPath(path, segment);
  }
  return path;
}

function joinPath(left: string, right: string): string {
  if (!left) return right;
  if (!right) return left;
  return right.startsWith('[') ? left + right : `${left}.${right}`;
}
