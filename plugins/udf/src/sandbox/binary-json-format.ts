import { Buffer } from 'node:buffer';

// The pieces of QuickJS's value serialisation (BC_VERSION 5, QuickJS 2025-09-13) that
// binary-json.ts (values) and binary-json-text.ts (JSON text) read and write.

export const VERSION = 5;

/** Tags of serialised values (quickjs.c, BCTagEnum). */
export const TAG = {
  Null: 1,
  Undefined: 2,
  False: 3,
  True: 4,
  Int32: 5,
  Float64: 6,
  String: 7,
  Object: 8,
  Array: 9,
  BigInt: 10,
  Date: 0x11,
  ObjectValue: 0x12,
  Reference: 0x13,
} as const;

/** What the tags JSON cannot carry are, for error messages. */
export const UNSUPPORTED: Record<number, string> = {
  [TAG.BigInt]: 'a BigInt',
  0x0e: 'a typed array (convert it with Array.from)',
  0x0f: 'an ArrayBuffer',
  0x10: 'a SharedArrayBuffer',
};

/** Thrown for values JSON has no equivalent for (the caller falls back to JSON.stringify, which decides). */
export class NotJsonCompatible extends Error {}

/**
 * Node's decoders behind Buffer#toString('latin1' | 'utf16le'), called without its argument
 * checks (twice as fast on short strings). They copy code units as they are, unlike TextDecoder
 * ("latin1" is windows-1252 there, and UTF-16 replaces lone surrogates).
 */
interface CodeUnitSlices {
  latin1Slice(start: number, end: number): string;
  ucs2Slice(start: number, end: number): string;
}
const direct = Buffer.prototype as Partial<CodeUnitSlices>;
export const latin1Slice: (buffer: Buffer, start: number, end: number) => string =
  typeof direct.latin1Slice === 'function' ? (b, s, e) => (b as Buffer & CodeUnitSlices).latin1Slice(s, e) : (b, s, e) => b.toString('latin1', s, e);
export const ucs2Slice: (buffer: Buffer, start: number, end: number) => string =
  typeof direct.ucs2Slice === 'function' ? (b, s, e) => (b as Buffer & CodeUnitSlices).ucs2Slice(s, e) : (b, s, e) => b.toString('utf16le', s, e);

/** Reads the primitives of the format from `bytes`, advancing `pos`. */
export class ByteCursor {
  protected pos = 0;
  protected readonly view: DataView;
  protected readonly buffer: Buffer;

  constructor(protected readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** A string: LEB128 `length << 1 | wide`, then Latin-1 bytes or UTF-16LE code units. */
  protected string(): string {
    const header = this.leb();
    const length = header >>> 1;
    const start = this.pos;
    if (header & 1) {
      this.pos += length * 2;
      return ucs2Slice(this.buffer, start, this.pos);
    }
    this.pos += length;
    return latin1Slice(this.buffer, start, this.pos);
  }

  /** An unsigned LEB128 number (one byte for most). */
  protected leb(): number {
    const first = this.bytes[this.pos];
    if (first < 0x80) {
      this.pos++;
      return first;
    }
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.bytes[this.pos++];
      if (byte === undefined) throw new NotJsonCompatible('truncated binary JSON');
      result |= (byte & 0x7f) << shift;
      if (byte < 0x80) return result >>> 0;
      shift += 7;
    }
  }
}
