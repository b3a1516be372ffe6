/**
 * JSON payloads written as QuickJS binary JSON straight from their UTF-8 bytes, without building
 * the document in Node first: JSON.parse and then walking the objects cost the job's thread about
 * as much as the sandbox spends decoding (docs/benchmarks.md).
 *
 * Only a subset is transcoded: the structure and ASCII strings without escapes byte by byte,
 * other strings through JSON.parse of just that string. A payload with anything else (an
 * array-index or repeated property name, whose place or value JSON.parse decides, a byte-order
 * mark, invalid JSON, nesting too deep) is handed to its own `parse`, so what reaches the
 * sandbox, and every error, is exactly what JSON.parse would give.
 */
import { Buffer } from 'node:buffer';
import { BinaryJsonWriter } from './binary-json.js';
import { TAG, latin1Slice } from './binary-json-format.js';

/** A JSON document still as UTF-8 bytes; `parse` gives its value, or throws the caller's error. */
export class JsonText {
  constructor(
    readonly bytes: Uint8Array,
    readonly parse: () => unknown,
  ) {}
}

/** {@link writeBinaryJson}, with {@link JsonText} values transcoded from their bytes. */
export function writeBinaryJsonWithText(value: unknown): Uint8Array<ArrayBuffer> {
  const writer = new TranscodingWriter();
  writer.value(value);
  return writer.finish();
}

/** Thrown inside the transcoder: this payload takes JSON.parse instead. */
const BAIL = Symbol('bail');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;
/** 10^0 … 10^15, all exact doubles. */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => Number(`1e${i}`));
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Slots of the property-name cache (a power of two). */
const KEY_SLOTS = 256;

class TranscodingWriter extends BinaryJsonWriter {
  private src: Uint8Array = new Uint8Array(0);
  /** `src` as a Buffer, made when a slice of it is needed as a string. */
  private srcBuffer?: Buffer;
  private at = 0;
  /**
   * Property names seen in this call by a hash of their bytes: the same few names recur in every
   * document, and matching bytes here is cheaper than making a string and looking it up.
   */
  private readonly keyBytes: Array<Uint8Array | undefined> = new Array(KEY_SLOTS);
  private readonly keyAtoms = new Int32Array(KEY_SLOTS);

  override value(value: unknown): void {
    if (value instanceof JsonText) {
      if (!this.transcode(value.bytes)) super.value(value.parse());
      return;
    }
    super.value(value);
  }

  /** Writes the payload's value; false (nothing written) when it must take JSON.parse. */
  private transcode(bytes: Uint8Array): boolean {
    const mark = this.pos;
    const atomMark = this.atoms.size;
    this.src = bytes;
    this.srcBuffer = undefined;
    this.at = 0;
    try {
      this.space();
      this.json();
      this.space();
      if (this.at !== bytes.length) throw BAIL;
      return true;
    } catch {
      // BAIL, an invalid string, or a stack overflow on deep nesting: undo and let JSON.parse decide.
      this.pos = mark;
      if (this.atoms.size > atomMark) {
        for (const [key, index] of this.atoms) if (index >= atomMark) this.atoms.delete(key);
        this.keyBytes.fill(undefined);
      }
      return false;
    }
  }

  private json(): void {
    const c = this.src[this.at];
    switch (c) {
      case 0x7b:
        return this.object();
      case 0x5b:
        return this.array();
      case QUOTE:
        this.byte(TAG.String);
        return this.jsonString();
      case 0x74:
        return this.literal('true', TAG.True);
      case 0x66:
        return this.literal('false', TAG.False);
      case 0x6e:
        return this.literal('null', TAG.Null);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.jsonNumber();
        throw BAIL;
    }
  }

  private object(): void {
    this.at++;
    this.byte(TAG.Object);
    const countAt = this.pos;
    this.byte(0);
    this.space();
    let count = 0;
    if (this.src[this.at] === 0x7d) this.at++;
    else {
      const seen: number[] = [];
      for (;;) {
        if (this.src[this.at] !== QUOTE) throw BAIL;
        const atom = this.keyAtom();
        if (seen.includes(atom)) throw BAIL;
        seen.push(atom);
        this.leb((atom + 1) << 1);
        this.space();
        if (this.src[this.at++] !== 0x3a) throw BAIL;
        this.space();
        this.json();
        count++;
        this.space();
        const next = this.src[this.at++];
        if (next === 0x7d) break;
        if (next !== 0x2c) throw BAIL;
        this.space();
      }
    }
    this.patchCount(countAt, count);
  }

  private array(): void {
    this.at++;
    this.byte(TAG.Array);
    const countAt = this.pos;
    this.byte(0);
    this.space();
    let count = 0;
    if (this.src[this.at] === 0x5d) this.at++;
    else {
      for (;;) {
        this.json();
        count++;
        this.space();
        const next = this.src[this.at++];
        if (next === 0x5d) break;
        if (next !== 0x2c) throw BAIL;
        this.space();
      }
    }
    this.patchCount(countAt, count);
  }

  /** Writes `count` (LEB128) at `at`, where one byte was reserved, moving what follows if it needs more. */
  private patchCount(at: number, count: number): void {
    if (count < 0x80) {
      this.body[at] = count;
      return;
    }
    let size = 1;
    for (let v = count >>> 7; v > 0; v >>>= 7) size++;
    this.reserve(size - 1);
    this.body.copyWithin(at + size, at + 1, this.pos);
    const end = this.pos + size - 1;
    this.pos = at;
    this.leb(count);
    this.pos = end;
  }

  /** A string value: ASCII without escapes is copied as Latin-1, anything else decoded exactly. */
  private jsonString(): void {
    const src = this.src;
    const start = ++this.at;
    // Copied while scanned, after one byte kept for the length (moved along if it needs more).
    this.reserve(6 + src.length - start);
    const body = this.body;
    const headerAt = this.pos;
    let pos = headerAt + 1;
    let at = start;
    for (;;) {
      const c = src[at];
      if (c === QUOTE) break;
      if (!(c >= 0x20 && c < 0x80 && c !== BACKSLASH)) {
        this.at = start;
        this.string(this.slowString());
        return;
      }
      body[pos++] = c;
      at++;
    }
    this.pos = pos;
    this.at = at + 1;
    this.patchCount(headerAt, (at - start) << 1);
  }

  /** A property name's index in the atom table. */
  private keyAtom(): number {
    const src = this.src;
    const start = ++this.at;
    let at = start;
    let hash = 0;
    for (;;) {
      const c = src[at];
      if (c === QUOTE) break;
      if (!(c >= 0x20 && c < 0x80 && c !== BACKSLASH)) {
        this.at = start;
        return this.atomOf(this.slowString());
      }
      hash = (hash * 31 + c) | 0;
      at++;
    }
    this.at = at + 1;
    const slot = (hash ^ (hash >>> 8)) & (KEY_SLOTS - 1);
    const cached = this.keyBytes[slot];
    if (cached && cached.length === at - start) {
      let same = true;
      for (let i = 0; i < cached.length; i++) {
        if (cached[i] !== src[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.keyAtoms[slot];
    }
    const atom = this.atomOf(latin1Slice(this.buffer(), start, at));
    this.keyBytes[slot] = src.slice(start, at);
    this.keyAtoms[slot] = atom;
    return atom;
  }

  private buffer(): Buffer {
    return (this.srcBuffer ??= Buffer.from(this.src.buffer, this.src.byteOffset, this.src.byteLength));
  }

  /** The atom of a property name; array-index names make the payload take JSON.parse. */
  private atomOf(key: string): number {
    // Array-index names start with a digit: only those need the (slower) full check.
    const first = key.charCodeAt(0);
    if (first >= 0x30 && first <= 0x39 && ARRAY_INDEX.test(key)) throw BAIL;
    return this.atom(key);
  }

  /** The string starting at `at` (just past its opening quote), through TextDecoder and JSON.parse. */
  private slowString(): string {
    const src = this.src;
    let at = this.at;
    for (;;) {
      const c = src[at];
      if (c === undefined) throw BAIL;
      if (c === QUOTE) break;
      at += c === BACKSLASH ? 2 : 1;
    }
    const text = JSON.parse(decoder.decode(src.subarray(this.at - 1, at + 1))) as string;
    this.at = at + 1;
    return text;
  }

  /** A number, checked against JSON's grammar; its value is what JSON.parse gives. */
  private jsonNumber(): void {
    const src = this.src;
    const start = this.at;
    let at = start;
    const negative = src[at] === 0x2d;
    if (negative) at++;
    let c = src[at];
    // The digits as an integer (exact while there are at most 15 of them) and how many follow the point.
    let mantissa = 0;
    if (c === 0x30) at++;
    else if (c >= 0x31 && c <= 0x39) {
      while ((c = src[at]) >= 0x30 && c <= 0x39) {
        mantissa = mantissa * 10 + (c - 0x30);
        at++;
      }
    } else throw BAIL;
    const integerEnd = at;
    let fraction = 0;
    if (src[at] === 0x2e) {
      at++;
      while ((c = src[at]) >= 0x30 && c <= 0x39) {
        mantissa = mantissa * 10 + (c - 0x30);
        at++;
      }
      fraction = at - integerEnd - 1;
      if (fraction === 0) throw BAIL;
    }
    let exponent = false;
    if (src[at] === 0x65 || src[at] === 0x45) {
      exponent = true;
      at++;
      if (src[at] === 0x2b || src[at] === 0x2d) at++;
      at = this.digits(at);
    }
    this.at = at;
    const digits = integerEnd - start - (negative ? 1 : 0) + fraction;
    // At most 15 digits and no exponent: the mantissa and 10^fraction are exact doubles, so one
    // (correctly rounded) division gives the nearest double, as JSON.parse does. Else Number().
    if (!exponent && digits <= 15) {
      const value = fraction === 0 ? mantissa : mantissa / POWERS_OF_TEN[fraction];
      this.number(negative ? -value : value);
    } else this.number(Number(latin1Slice(this.buffer(), start, at)));
  }

  /** One or more digits from `at`; returns the position after them. */
  private digits(at: number): number {
    const src = this.src;
    const first = at;
    while (src[at] >= 0x30 && src[at] <= 0x39) at++;
    if (at === first) throw BAIL;
    return at;
  }

  private literal(word: string, tag: number): void {
    for (let i = 0; i < word.length; i++) if (this.src[this.at + i] !== word.charCodeAt(i)) throw BAIL;
    this.at += word.length;
    this.byte(tag);
  }

  /** JSON whitespace: space, tab, line feed, carriage return. */
  private space(): void {
    const src = this.src;
    let c = src[this.at];
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = src[++this.at];
  }
}
