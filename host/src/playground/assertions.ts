import { getAt, leafPaths, parsePath, typeName } from './value-paths.js';

export type AssertType = 'equals' | 'contains' | 'type_matches' | 'gt' | 'gte' | 'lt' | 'lte';
export const ASSERT_TYPES: AssertType[] = ['equals', 'contains', 'type_matches', 'gt', 'gte', 'lt', 'lte'];

export interface Assertion {
  path: string;
  assert_type: AssertType;
  expected_value?: unknown;
}

export interface AssertionFailure {
  path: string;
  assert_type: AssertType | 'strict';
  expected: unknown;
  actual: unknown;
  message: string;
}

/**
 * Checks assertions against a script's output. In strict mode every leaf of the output must be
 * covered by an assertion (on the leaf itself or an ancestor), so new fields cannot slip through.
 */
export function checkAssertions(output: unknown, assertions: Assertion[], strict: boolean): AssertionFailure[] {
  const failures: AssertionFailure[] = [];
  for (const assertion of assertions) {
    const failure = checkOne(output, assertion);
    if (failure) failures.push(failure);
  }
  if (strict) {
    const covered = assertions.map((a) => parsePath(a.path).join('\u0000'));
    for (const leaf of leafPaths(output)) {
      const key = parsePath(leaf.path).join('\u0000');
      if (!covered.some((c) => c === '' || key === c || key.startsWith(`${c}\u0000`))) {
        failures.push({ path: leaf.path, assert_type: 'strict', expected: '(no field)', actual: leaf.value, message: `Field '${leaf.path}' is not covered by any assertion (strict mode)` });
      }
    }
  }
  return failures;
}

function checkOne(output: unknown, { path, assert_type, expected_value }: Assertion): AssertionFailure | undefined {
  const { found, value } = getAt(output, path);
  const fail = (message: string): AssertionFailure => ({ path, assert_type, expected: expected_value, actual: found ? value : undefined, message });
  const show = (v: unknown) => (v === undefined ? 'missing' : JSON.stringify(v));
  switch (assert_type) {
    case 'equals':
      return found && deepEqual(value, expected_value) ? undefined : fail(`Field '${path}': expected ${show(expected_value)}, got ${found ? show(value) : 'missing'}`);
    case 'contains':
      if (typeof value === 'string' && typeof expected_value === 'string') {
        return value.includes(expected_value) ? undefined : fail(`Field '${path}': expected to contain ${show(expected_value)}, got ${show(value)}`);
      }
      if (Array.isArray(value)) {
        return value.some((item) => deepEqual(item, expected_value)) ? undefined : fail(`Field '${path}': array does not contain ${show(expected_value)}`);
      }
      return fail(`Field '${path}': contains needs a string or an array, got ${found ? typeName(value) : 'missing'}`);
    case 'type_matches': {
      const actualType = found ? typeName(value) : 'missing';
      const ok = actualType === expected_value || (expected_value === 'number' && actualType === 'integer');
      return ok ? undefined : fail(`Field '${path}': expected type ${String(expected_value)}, got ${actualType}`);
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (typeof value !== 'number' || typeof expected_value !== 'number') {
        return fail(`Field '${path}': ${assert_type} needs numbers, got ${found ? typeName(value) : 'missing'} and ${typeName(expected_value)}`);
      }
      const ok = { gt: value > expected_value, gte: value >= expected_value, lt: value < expected_value, lte: value <= expected_value }[assert_type];
      return ok ? undefined : fail(`Field '${path}': expected ${assert_type} ${expected_value}, got ${value}`);
    }
    default:
      return fail(`unknown assert_type "${String(assert_type)}"`);
  }
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
