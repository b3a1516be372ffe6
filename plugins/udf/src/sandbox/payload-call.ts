import { NotJsonCompatible, readBinaryJson } from './binary-json.js';
import { JsonText, writeBinaryJsonWithText } from './json-transcode.js';
import { outputsAsJson } from './binary-json-text.js';
import type { EngineError, EngineResult, QuickJsEngine } from './quickjs-engine.js';

/**
 * A call on JSON payloads as they arrived: UTF-8 bytes in, UTF-8 bytes out. It runs in the
 * sandbox's thread, so the JSON parsing and encoding around the script run there too: in parallel
 * when a call is split across sandboxes, and off the job's thread always.
 *
 * `payloads` holds every event's bytes back to back; event i ends at `ends[i]`.
 */
export interface PayloadInput {
  payloads: Uint8Array<ArrayBuffer>;
  ends: Uint32Array<ArrayBuffer>;
  attributes: ReadonlyArray<Readonly<Record<string, string>>>;
}

/** One event a script produced, as (data, attributes, index of its input). */
export type OutputTuple = [data: unknown, attributes: Record<string, string>, origin: number];

/**
 * What a payload call returned. `payloads`: every output is plain JSON, encoded back to back
 * (output i ends at `ends[i]`). `values`: some output holds a `$` property name (an
 * extended-JSON wrapper may need to become a BSON value), so the caller encodes them.
 */
export type PayloadResult =
  | { ok: true; kind: 'payloads'; bytes: Uint8Array<ArrayBuffer>; ends: Uint32Array<ArrayBuffer>; attributes: Array<Record<string, string>>; origins: number[] }
  | { ok: true; kind: 'values'; outputs: OutputTuple[] }
  | { ok: false; error: EngineError & { payload?: boolean } };

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** Packs payloads for {@link PayloadInput}. */
export function packPayloads(payloads: readonly Uint8Array[]): { payloads: Uint8Array<ArrayBuffer>; ends: Uint32Array<ArrayBuffer> } {
  let total = 0;
  for (const p of payloads) total += p.byteLength;
  const packed = new Uint8Array(total);
  const ends = new Uint32Array(payloads.length);
  let at = 0;
  for (let i = 0; i < payloads.length; i++) {
    packed.set(payloads[i], at);
    at += payloads[i].byteLength;
    ends[i] = at;
  }
  return { payloads: packed, ends };
}

/** Parses the payloads, runs the script on them and encodes what it returned. */
export function runPayloads(engine: QuickJsEngine, input: PayloadInput, batchMode: boolean): PayloadResult {
  const count = input.ends.length;
  let bytes: Uint8Array<ArrayBuffer> | undefined;
  let texts: string[] | undefined;
  try {
    if (engine.binary) {
      // Written from the payload bytes (json-transcode.ts); parsed only when they must be.
      const documents: JsonText[] = new Array(count);
      for (let i = 0, start = 0; i < count; start = input.ends[i++]) {
        const payload = input.payloads.subarray(start, input.ends[i]);
        documents[i] = new JsonText(payload, () => parsePayload(payload, i));
      }
      bytes = writeBinaryJsonWithText([documents, input.attributes]);
    } else {
      texts = new Array(count);
      for (let i = 0, start = 0; i < count; start = input.ends[i++]) {
        const payload = input.payloads.subarray(start, input.ends[i]);
        try {
          texts[i] = decoder.decode(payload);
          JSON.parse(texts[i]);
        } catch (error) {
          throw new InvalidPayload((error as Error).message, i);
        }
      }
    }
  } catch (error) {
    if (!(error instanceof InvalidPayload)) throw error;
    return { ok: false, error: { message: `payload is not valid JSON: ${error.message}`, line: null, column: null, index: error.index, fatal: false, payload: true } };
  }
  const result = bytes ? engine.call({ bytes }, batchMode) : engine.call({ texts: texts!, attributes: input.attributes }, batchMode);
  const text = result.ok && 'bytes' in result ? outputsAsJson(result) : undefined;
  if (text) return { ok: true, kind: 'payloads', bytes: text.bytes, ends: Uint32Array.from(text.ends), attributes: text.attributes, origins: text.origins };
  const read = readOutputs(result);
  if (!read.ok) return read;
  return read.dollarKeys ? { ok: true, kind: 'values', outputs: read.outputs } : encodeOutputs(read.outputs);
}

/**
 * The outputs as a script's call returns them: a tuple per output, or (when output i is input i)
 * columns `{ d: documents, a: attributes }` (see the prelude's `columns`).
 */
export type SandboxOutputs = OutputTuple[] | { d: unknown[]; a: Array<Record<string, string>> };

/** Sandbox outputs as tuples. */
export function asTuples(outputs: SandboxOutputs): OutputTuple[] {
  if (Array.isArray(outputs)) return outputs;
  return outputs.d.map((data, i): OutputTuple => [data, outputs.a[i], i]);
}

/** A payload that is not JSON (or not UTF-8); `index` is its event. */
class InvalidPayload extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

function parsePayload(payload: Uint8Array, index: number): unknown {
  try {
    return JSON.parse(decoder.decode(payload));
  } catch (error) {
    throw new InvalidPayload((error as Error).message, index);
  }
}

/** The outputs of an engine call as values; `dollarKeys` as in readBinaryJson. */
export function readOutputs(result: EngineResult): { ok: true; outputs: OutputTuple[]; dollarKeys: boolean } | { ok: false; error: EngineError } {
  if (!result.ok) return result;
  if ('json' in result) return { ok: true, outputs: asTuples((JSON.parse(result.json) as { o: SandboxOutputs }).o), dollarKeys: result.json.includes('"$') };
  try {
    const read = readBinaryJson(result.bytes);
    if (!result.attributes) return { ok: true, outputs: asTuples(read.value as SandboxOutputs), dollarKeys: read.dollarKeys };
    // Columns in two arrays: output i is input i.
    const attributes = readBinaryJson(result.attributes);
    return { ok: true, outputs: asTuples({ d: read.value as unknown[], a: attributes.value as Array<Record<string, string>> }), dollarKeys: read.dollarKeys || attributes.dollarKeys };
  } catch (error) {
    if (!(error instanceof NotJsonCompatible)) throw error;
    return { ok: false, error: { message: error.message, line: null, column: null, index: 0, fatal: false } };
  }
}

function encodeOutputs(outputs: OutputTuple[]): PayloadResult {
  const texts = outputs.map(([data]) => JSON.stringify(data));
  let bound = 0;
  for (const text of texts) bound += text.length * 3;
  const bytes = new Uint8Array(bound);
  const ends = new Uint32Array(outputs.length);
  let at = 0;
  for (let i = 0; i < texts.length; i++) {
    at += encoder.encodeInto(texts[i], bytes.subarray(at)).written;
    ends[i] = at;
  }
  return { ok: true, kind: 'payloads', bytes, ends, attributes: outputs.map((o) => o[1]), origins: outputs.map((o) => o[2]) };
}
