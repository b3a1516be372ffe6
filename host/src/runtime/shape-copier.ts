/*
 * Copies of plain objects with a few properties set, made by an object literal generated for
 * each shape (list of keys) met, instead of Object.assign({}, source) and stores.
 *
 * Why: Object.assign into `{}` adds the keys one by one (a map transition each, and a property
 * backing store that grows past the four in-object slots of `{}`), ~90 ns for a 9-key event
 * on Node 20, and ~0.18 µs per event inside a JSON Schema job, a quarter of what the job adds
 * to ajv itself. A literal of the same keys is allocated at once with every slot in the object,
 * and its loads are monomorphic: ~15 ns, ~30 ns with the shape check below.
 *
 * What the copy holds is what Object.assign + stores give for a plain object: its own
 * enumerable string keys in their order, the set keys at their place (or after the others, in
 * the order given, when the source lacks them; a set key the source has is not read from it). Not carried, unlike Object.assign:
 * symbol-keyed properties (checking for them costs as much as the copy; StreamEvent has none).
 * Anything else (another prototype, `__proto__` as a key, more than MAX_KEYS keys, more than
 * MAX_SHAPES shapes) takes the Object.assign path.
 */

type Copy = (source: object, a: unknown, b: unknown, c: unknown) => object;

interface Shape {
  readonly keys: readonly string[];
  readonly copy: Copy;
}

/** Shapes a copier generates a literal for; a job's events have one or a few. */
const MAX_SHAPES = 8;
/** Keys beyond which a literal is no faster (V8 allocates large literals another way). */
const MAX_KEYS = 32;

export class ShapeCopier {
  private readonly shapes: Shape[] = [];

  /** `setKeys`: the properties each copy sets (at most three), given to {@link copy} in this order. */
  constructor(private readonly setKeys: readonly string[]) {
    if (setKeys.length > 3) throw new Error('ShapeCopier sets at most three keys');
  }

  /** `Object.assign({}, source)` with `setKeys` then set to `a`, `b`, `c`. */
  copy<T extends object>(source: T, a?: unknown, b?: unknown, c?: unknown): T {
    if (Object.getPrototypeOf(source) === Object.prototype) {
      const shapes = this.shapes;
      for (let i = 0; i < shapes.length; i++) if (hasKeys(source, shapes[i].keys)) return shapes[i].copy(source, a, b, c) as T;
      const shape = this.addShape(source);
      if (shape) return shape.copy(source, a, b, c) as T;
    }
    const copy = Object.assign({}, source) as Record<string, unknown>;
    const values = [a, b, c];
    for (let i = 0; i < this.setKeys.length; i++) copy[this.setKeys[i]] = values[i];
    return copy as T;
  }

  private addShape(source: object): Shape | undefined {
    if (this.shapes.length >= MAX_SHAPES) return undefined;
    const keys = Object.keys(source);
    // A source whose for-in keys are not its own keys (see hasKeys) could never match its shape.
    if (keys.length > MAX_KEYS || keys.includes('__proto__') || !hasKeys(source, keys)) return undefined;
    const param = (key: string) => ['a', 'b', 'c'][this.setKeys.indexOf(key)];
    const entries = keys.map((key) => `${JSON.stringify(key)}: ${param(key) ?? `s[${JSON.stringify(key)}]`}`);
    for (const key of this.setKeys) if (!keys.includes(key)) entries.push(`${JSON.stringify(key)}: ${param(key)}`);
    let copy: Copy;
    try {
      copy = new Function('s', 'a', 'b', 'c', `"use strict"; return { ${entries.join(', ')} };`) as Copy;
    } catch {
      return undefined; // code generation disallowed (--disallow-code-generation-from-strings)
    }
    const shape = { keys, copy };
    this.shapes.push(shape);
    return shape;
  }
}

/**
 * True when `source`'s enumerable string keys are exactly `keys`, in order. for-in over an
 * object with Object.prototype as prototype lists its own enumerable keys (unless someone made a
 * property of Object.prototype enumerable: then no shape ever matches, and copies take the slow
 * path), from V8's enum cache, without allocating.
 */
function hasKeys(source: object, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in source) if (key !== keys[i++]) return false;
  return i === keys.length;
}
