import { formatPath, leafPaths, parsePath } from './value-paths.js';

export interface GeneratedInput {
  name: string;
  input: unknown;
}

const MAX_CASES = 60;

/**
 * Edge-case variants of a sample document: the baseline, then for each field a null, a missing
 * field, an empty value, a wrong type and boundary numbers — the inputs scripts most often break
 * on. (The original produced only the baseline.)
 */
export function generateInputs(sample: unknown): GeneratedInput[] {
  const cases: GeneratedInput[] = [{ name: 'baseline', input: sample }];
  if (Array.isArray(sample)) {
    cases.push({ name: 'empty batch', input: [] });
    if (sample.length > 1) cases.push({ name: 'single item batch', input: [sample[0]] });
    for (const variant of generateInputs(sample[0]).slice(1)) {
      cases.push({ name: `item[0]: ${variant.name}`, input: [variant.input, ...sample.slice(1)] });
    }
    return cases.slice(0, MAX_CASES);
  }
  if (sample === null || typeof sample !== 'object') return cases;
  for (const { path, value } of fieldPaths(sample)) {
    const with_ = (name: string, replacement: unknown) => cases.push({ name: `${path} ${name}`, input: setAt(sample, path, replacement) });
    with_('is null', null);
    cases.push({ name: `${path} is missing`, input: removeAt(sample, path) });
    if (typeof value === 'string') {
      with_('is empty', '');
      with_('has the wrong type (number)', 12345);
    } else if (typeof value === 'number') {
      with_('is zero', 0);
      with_('is negative', -1);
      with_('is very large', Number.MAX_SAFE_INTEGER);
      if (Number.isInteger(value)) with_('is fractional', value + 0.5);
      with_('has the wrong type (string)', String(value));
    } else if (typeof value === 'boolean') {
      with_('has the wrong type (string)', String(value));
    } else if (Array.isArray(value)) {
      with_('is empty', []);
    } else if (value && typeof value === 'object') {
      with_('is empty', {});
    }
    if (cases.length >= MAX_CASES) break;
  }
  return cases.slice(0, MAX_CASES);
}

/** Fields to vary: every key of every object (not array elements), parents before children. */
function fieldPaths(doc: object, prefix: Array<string | number> = []): Array<{ path: string; value: unknown }> {
  const out: Array<{ path: string; value: unknown }> = [];
  for (const [key, value] of Object.entries(doc)) {
    const path = [...prefix, key];
    out.push({ path: formatPath(path), value });
    if (value && typeof value === 'object' && !Array.isArray(value)) out.push(...fieldPaths(value, path));
  }
  return out;
}

function setAt(doc: unknown, path: string, replacement: unknown): unknown {
  const copy = structuredClone(doc);
  const segments = parsePath(path);
  let parent = copy as Record<string | number, unknown>;
  for (const segment of segments.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  parent[segments[segments.length - 1]] = replacement;
  return copy;
}

function removeAt(doc: unknown, path: string): unknown {
  const copy = structuredClone(doc);
  const segments = parsePath(path);
  let parent = copy as Record<string | number, unknown>;
  for (const segment of segments.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  delete parent[segments[segments.length - 1]];
  return copy;
}

/** `equals` assertions on every leaf of an output: a snapshot the user can then edit. */
export function snapshotAssertions(output: unknown) {
  if (output === null || typeof output !== 'object') return [{ path: '', assert_type: 'equals' as const, expected_value: output }];
  return leafPaths(output).map(({ path, value }) => ({ path, assert_type: 'equals' as const, expected_value: value }));
}
