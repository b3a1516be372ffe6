/**
 * A validating JSON scan over bytes: walks the grammar of RFC 8259 without building strings,
 * numbers or objects, and says where the first error is. Bytes at or above 0x80 are accepted
 * inside strings only; their UTF-8 validity is checked separately (see json-check.ts), because
 * Node's native `isUtf8` does that faster than a JS loop.
 *
 * Iterative, with an explicit stack of open containers: a payload of a million `[` must not
 * overflow the call stack.
 */

/** Where a payload stops being JSON: the byte offset and what was expected there. */
export interface JsonProblem {
  offset: number;
  message: string;
}

const OBJECT = 1;
const ARRAY = 2;

// Scanner states: what the next token must be.
const VALUE = 0; // any value
const FIRST_KEY = 1; // a key or '}' (just after '{')
const KEY = 2; // a key (after ',' in an object)
const FIRST_ITEM = 3; // a value or ']' (just after '[')
const AFTER = 4; // ',' or the closing bracket, or the end when no container is open

/**
 * Kinds of the open containers, shared by every call (no allocation per payload); grown when a
 * payload nests deeper. Safe because a scan runs to its end synchronously.
 */
let stack = new Uint8Array(64);

/** Scans `bytes[start..]`; undefined when it is exactly one JSON value with optional whitespace around it. */
export function scanJson(bytes: Uint8Array, start = 0): JsonProblem | undefined {
  const n = bytes.length;
  // One very deep payload must not keep a large stack alive for good.
  if (stack.length > 4096) stack = new Uint8Array(64);
  let depth = 0;
  let state = VALUE;
  let i = start;
  for (;;) {
    // Whitespace: space, tab, line feed, carriage return.
    let c = 0;
    while (i < n && ((c = bytes[i]) === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) i++;
    if (i >= n) {
      if (state === AFTER && depth === 0) return undefined;
      return problem(bytes, i, expected(state, depth > 0 ? stack[depth - 1] : 0));
    }
    c = bytes[i];
    if (state === AFTER) {
      if (depth === 0) return problem(bytes, i, 'the end of the payload after the JSON value');
      const open = stack[depth - 1];
      if (c === 0x2c /* , */) {
        i++;
        state = open === OBJECT ? KEY : VALUE;
      } else if ((c === 0x7d /* } */ && open === OBJECT) || (c === 0x5d /* ] */ && open === ARRAY)) {
        i++;
        depth--;
      } else return problem(bytes, i, open === OBJECT ? "',' or '}' after a property value" : "',' or ']' after an array element");
      continue;
    }
    if (state === FIRST_KEY || state === KEY) {
      if (c === 0x7d && state === FIRST_KEY) {
        i++;
        depth--;
        state = AFTER;
        continue;
      }
      if (c !== 0x22 /* " */) return problem(bytes, i, state === FIRST_KEY ? "a property name in double quotes or '}'" : 'a property name in double quotes');
      const end = scanString(bytes, i);
      if (end < 0) return stringProblem(bytes, -end - 1);
      i = end;
      while (i < n && ((c = bytes[i]) === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) i++;
      if (i >= n || bytes[i] !== 0x3a /* : */) return problem(bytes, i, "':' after a property name");
      i++;
      state = VALUE;
      continue;
    }
    if (state === FIRST_ITEM && c === 0x5d) {
      i++;
      depth--;
      state = AFTER;
      continue;
    }
    // A value.
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (depth === stack.length) {
        const grown = new Uint8Array(stack.length * 2);
        grown.set(stack);
        stack = grown;
      }
      stack[depth++] = c === 0x7b ? OBJECT : ARRAY;
      i++;
      state = c === 0x7b ? FIRST_KEY : FIRST_ITEM;
      continue;
    }
    let end: number;
    if (c === 0x22) {
      end = scanString(bytes, i);
      if (end < 0) return stringProblem(bytes, -end - 1);
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      end = scanNumber(bytes, i);
      if (end < 0) return problem(bytes, -end - 1, 'a digit');
    } else if (c === 0x74 /* t */) end = literal(bytes, i, TRUE);
    else if (c === 0x66 /* f */) end = literal(bytes, i, FALSE);
    else if (c === 0x6e /* n */) end = literal(bytes, i, NULL);
    else return problem(bytes, i, state === FIRST_ITEM ? "a value or ']'" : 'a value');
    if (end < 0) return problem(bytes, -end - 1, `"${c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null'}"`);
    i = end;
    state = AFTER;
  }
}

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

/** End offset of a literal, or -(offset of the first wrong byte) - 1. */
function literal(bytes: Uint8Array, i: number, word: number[]): number {
  for (let k = 0; k < word.length; k++) if (bytes[i + k] !== word[k]) return -(i + k) - 1;
  return i + word.length;
}

/** 1 for the bytes a string may hold as they are: not '"', not '\\', not a control character. */
const PLAIN = new Uint8Array(256).fill(1, 0x20);
PLAIN[0x22] = 0;
PLAIN[0x5c] = 0;

/** Offset just after the closing quote of the string opening at `i`, or -(offset of the bad byte) - 1. */
function scanString(bytes: Uint8Array, i: number): number {
  const n = bytes.length;
  i++;
  while (i < n) {
    // Most of a payload is string content: one table load per byte (measured ~20 % faster than three compares).
    while (i < n && PLAIN[bytes[i]] === 1) i++;
    if (i >= n) break;
    const c = bytes[i];
    if (c === 0x22) return i + 1;
    if (c === 0x5c /* \ */) {
      const e = bytes[i + 1];
      if (e === 0x75 /* u */) {
        for (let k = 2; k < 6; k++) if (!isHex(bytes[i + k])) return -(i + k) - 1;
        i += 6;
      } else if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) i += 2;
      else return -(i + 1) - 1;
    } else if (c < 0x20) return -i - 1;
    else i++;
  }
  return -n - 1;
}

/** Offset just after the number starting at `i`, or -(offset where a digit was needed) - 1. */
function scanNumber(bytes: Uint8Array, i: number): number {
  if (bytes[i] === 0x2d) i++;
  if (bytes[i] === 0x30) i++;
  else if (isDigit(bytes[i])) while (isDigit(bytes[i])) i++;
  else return -i - 1;
  if (bytes[i] === 0x2e /* . */) {
    i++;
    if (!isDigit(bytes[i])) return -i - 1;
    while (isDigit(bytes[i])) i++;
  }
  if (bytes[i] === 0x65 || bytes[i] === 0x45 /* e E */) {
    i++;
    if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
    if (!isDigit(bytes[i])) return -i - 1;
    while (isDigit(bytes[i])) i++;
  }
  return i;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66));
}

/** Why a string stops at `offset`: the payload ended, a bad escape or a raw control character. */
function stringProblem(bytes: Uint8Array, offset: number): JsonProblem {
  if (offset >= bytes.length) return problem(bytes, offset, 'the closing \'"\' of a string');
  const c = bytes[offset];
  if (c < 0x20) return { offset, message: `control character 0x${c.toString(16).padStart(2, '0')} inside a string at byte ${offset} (escape it, e.g. \\n)` };
  return problem(bytes, offset, 'a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX) inside a string');
}

function expected(state: number, open: number): string {
  if (state === AFTER) return open === OBJECT ? "',' or '}'" : "',' or ']'";
  if (state === FIRST_KEY || state === KEY) return 'a property name';
  return 'a value';
}

function problem(bytes: Uint8Array, offset: number, wanted: string): JsonProblem {
  const found = offset >= bytes.length ? 'the end of the payload' : describeByte(bytes[offset]);
  return { offset, message: `expected ${wanted} at byte ${offset}, found ${found}` };
}

function describeByte(c: number): string {
  if (c >= 0x21 && c <= 0x7e) return `'${String.fromCharCode(c)}'`;
  return `byte 0x${c.toString(16).padStart(2, '0')}`;
}
