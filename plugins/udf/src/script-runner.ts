import { availableParallelism } from 'node:os';
import { fromSandboxValue, toSandboxValue } from './ejson-bridge.js';
import { JsonText, writeBinaryJsonWithText } from './sandbox/json-transcode.js';
import { outputsAsJson } from './sandbox/binary-json-text.js';
import { packPayloads, readOutputs, type OutputTuple } from './sandbox/payload-call.js';
import type { EngineBuild, EngineError, EngineVariant, ScriptDiagnostic, Transport } from './sandbox/quickjs-engine.js';
import { QuickJsEngine } from './sandbox/quickjs-engine.js';
import { startSandbox, type Attributes, type Isolation, type Sandbox } from './sandbox/sandbox.js';

/** Options of {@link createScriptRunner}. Every field has a safe default. */
export interface ScriptRunnerOptions {
  /** Wall-clock budget of one call (one event, or one batch in batch mode). Default 1000. */
  timeoutMs?: number;
  /** Heap limit of the script's QuickJS runtime. Default 64. */
  memoryLimitMb?: number;
  /** Name used in error messages and line numbers. Default `script.js`. */
  filename?: string;
  /** `worker` (default) runs QuickJS in a thread that is killed if it does not stop; `inline` runs it in the caller's thread. */
  isolation?: Isolation;
  /**
   * Number of sandboxes (threads) a batch may be split across. Default 1. `auto`: one per CPU
   * core (up to {@link MAX_AUTO_WORKERS}) when the script declares `const independent = true;`,
   * else 1. See README "Parallelism".
   */
  workers?: number | 'auto';
  /** QuickJS build. Default `release-sync`. */
  variant?: EngineVariant;
  /** How documents cross into the sandbox. Default `binary` (falls back to `json` by itself when it cannot be used). */
  transport?: Transport;
}

/** One event going into a script: its decoded document and its attributes. */
export interface ScriptInput {
  data: unknown;
  attributes: Record<string, string>;
}

/** One event a script produced. `origin` is the index of the input it came from. */
export interface ScriptOutput {
  data: unknown;
  attributes: Record<string, string>;
  origin: number;
}

/** The result of {@link ScriptRunner.validate}. */
export interface ScriptValidation {
  valid: boolean;
  diagnostics: ScriptDiagnostic[];
}

/** The most sandboxes `workers: 'auto'` starts (the middleware's own limit for `workers`). */
export const MAX_AUTO_WORKERS = 8;

/** Documents per staged part of a large call (see CompiledScript.runOne). */
const STAGE_PART = 128;

/** A JSON payload handed to {@link CompiledScript.runPayloads} is not JSON; `index` is its event. */
export class PayloadError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
    this.name = 'PayloadError';
  }
}

/** An output of {@link CompiledScript.runPayloads}: encoded JSON bytes, or a value to encode (extended JSON present). */
export type PayloadOutput = { payload: Uint8Array; attributes: Record<string, string>; origin: number } | RawOutput;

/**
 * A script failed for an event: it threw, timed out, ran out of memory or returned something
 * unusable. `index` is the failing input within the call.
 */
export class ScriptError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
    readonly column: number | null,
    readonly index: number,
    readonly compile = false,
  ) {
    super(message);
    this.name = 'ScriptError';
  }
}

/**
 * A compiled UDF, the API the host's playground uses. Documents are plain values in which BSON
 * types stay typed (`ObjectId`, `Date`, `Decimal128`, bigint …) both ways.
 */
export interface ScriptRunner {
  /** Compiles the script without running it and reports syntax errors or a missing `transform`. */
  validate(): Promise<ScriptValidation>;
  /**
   * Runs `transform(data, attributes)` for one event. Resolves with the events it produced: `[]`
   * when the script dropped it, one for a normal result, several for a fan-out. Rejects with a
   * {@link ScriptError} (compile errors have `compile: true`).
   */
  run(data: unknown, attributes?: Record<string, string>): Promise<ScriptOutput[]>;
  /**
   * Runs several events in one sandbox call. `batchMode: true` gives the script the array of
   * documents (as a middleware in a batching job does); `false` calls it once per event.
   */
  runBatch(inputs: ScriptInput[], batchMode: boolean): Promise<ScriptOutput[]>;
  /** Frees the sandbox (and its thread). Idempotent. */
  dispose(): Promise<void>;
}

/** Creates a runner for `source`; compilation happens at the first `run`/`validate`. */
export function createScriptRunner(source: string, options: ScriptRunnerOptions = {}): ScriptRunner {
  const script = new CompiledScript(source, options);
  return {
    async validate() {
      const diagnostics = await script.check();
      return { valid: diagnostics.length === 0, diagnostics };
    },
    run: (data, attributes = {}) => script.runValues([{ data, attributes }], false),
    runBatch: (inputs, batchMode) => script.runValues(inputs, batchMode),
    dispose: () => script.dispose(),
  };
}

/** Outputs as the middleware needs them: `data` already parsed from the sandbox's JSON. */
export interface RawOutput {
  data: unknown;
  attributes: Record<string, string>;
  origin: number;
  /** True when `data` holds no extended-JSON value (so plain JSON.stringify encodes it). */
  plain: boolean;
}

/**
 * The engine behind both the runner and the middleware: lazily started sandboxes, one JSON
 * string in and out per call, optional splitting of a call across several sandboxes.
 */
export class CompiledScript {
  readonly filename: string;
  private sandboxes?: Promise<Sandbox[]>;
  private readonly limits: { timeoutMs: number; memoryLimitMb: number };
  private readonly build: EngineBuild;
  private callIds = 0;

  constructor(
    private readonly source: string,
    private readonly options: ScriptRunnerOptions = {},
  ) {
    this.filename = options.filename ?? 'script.js';
    this.limits = { timeoutMs: options.timeoutMs ?? 1000, memoryLimitMb: options.memoryLimitMb ?? 64 };
    this.build = { variant: options.variant, transport: options.transport };
  }

  /** Compile-checks the script in a throwaway inline engine. */
  async check(): Promise<ScriptDiagnostic[]> {
    const { engine, diagnostics } = await QuickJsEngine.create(this.source, this.filename, this.limits, this.build);
    engine?.dispose();
    return diagnostics;
  }

  /** Starts the sandboxes; rejects with a compile {@link ScriptError}. */
  start(): Promise<Sandbox[]> {
    this.sandboxes ??= (async () => {
      const requested = this.options.workers ?? 1;
      const launch = (count: number) =>
        Promise.all(Array.from({ length: count }, () => startSandbox(this.source, this.filename, this.limits, this.options.isolation ?? 'worker', this.build)));
      let started = await launch(requested === 'auto' ? 1 : Math.max(1, requested));
      // `auto`: the first sandbox tells whether the script declares its documents independent.
      const first = started[0].sandbox;
      if (requested === 'auto' && first?.independent) {
        started = [...started, ...(await launch(Math.min(MAX_AUTO_WORKERS, availableParallelism()) - 1))];
      }
      const failed = started.find((s) => !s.sandbox);
      if (failed) {
        await Promise.all(started.map((s) => s.sandbox?.dispose()));
        const d = failed.diagnostics[0];
        throw new ScriptError(this.format(d.message, d.line), d.line, d.column, 0, true);
      }
      return started.map((s) => s.sandbox!);
    })();
    this.sandboxes.catch(() => (this.sandboxes = undefined));
    return this.sandboxes;
  }

  /**
   * Runs documents (JSON values, extended-JSON wrappers for BSON types: see ejson-bridge.ts) with
   * their attributes. `splittable` lets the call be split across the sandboxes.
   */
  runDocuments(documents: unknown[], attributes: Attributes, batchMode: boolean, splittable = !batchMode): Promise<RawOutput[]> {
    return this.runPrepared(documents.length, (i) => documents[i], attributes, batchMode, splittable) as Promise<RawOutput[]>;
  }

  /**
   * {@link runDocuments} with each document produced on demand by `prepare(index)`, so a large
   * call can be prepared part by part while the sandbox thread already decodes the parts before.
   * A document may be a {@link JsonText}: its bytes are written for the sandbox as they are.
   * With `asJson`, outputs that are plain JSON come back as JSON bytes (`payload`), written
   * straight from the sandbox's output.
   */
  async runPrepared(count: number, prepare: (index: number) => unknown, attributes: Attributes, batchMode: boolean, splittable = !batchMode, asJson = false): Promise<PayloadOutput[]> {
    const sandboxes = await this.start();
    // Splitting pays off only when each part still amortises the message round trip.
    const parts = splittable ? Math.min(sandboxes.length, Math.floor(count / 32)) : 1;
    if (parts <= 1) return this.runOne(sandboxes[0], 0, count, prepare, attributes, batchMode, asJson);
    const size = Math.ceil(count / parts);
    const results = await Promise.all(
      Array.from({ length: parts }, (_, p) => this.runOne(sandboxes[p], p * size, Math.min(count, (p + 1) * size), prepare, attributes, batchMode, asJson)),
    );
    return results.flat();
  }

  /** How many sandboxes a call may be split across (after {@link start}). */
  async parallelism(): Promise<number> {
    return (await this.start()).length;
  }

  async runValues(inputs: ScriptInput[], batchMode: boolean): Promise<ScriptOutput[]> {
    const outputs = await this.runDocuments(inputs.map((i) => toSandboxValue(i.data)), inputs.map((i) => i.attributes), batchMode);
    return outputs.map(({ data, attributes, origin }) => ({ data, attributes, origin }));
  }

  async dispose(): Promise<void> {
    const sandboxes = await this.sandboxes?.catch(() => undefined);
    this.sandboxes = undefined;
    await Promise.all((sandboxes ?? []).map((s) => s.dispose()));
  }

  /** Runs documents `from` to `to` (exclusive) in one sandbox call. */
  private async runOne(sandbox: Sandbox, from: number, to: number, prepare: (index: number) => unknown, attributes: Attributes, batchMode: boolean, asJson: boolean): Promise<PayloadOutput[]> {
    let result;
    if (sandbox.binary && to - from >= 2 * STAGE_PART) {
      // Part by part: the sandbox thread decodes part n while this thread prepares part n + 1.
      const callId = ++this.callIds;
      let parts = 0;
      for (let start = from; start < to; start += STAGE_PART) {
        const end = Math.min(to, start + STAGE_PART);
        const documents = Array.from({ length: end - start }, (_, i) => prepare(start + i));
        sandbox.stage(callId, writeBinaryJsonWithText([documents, attributes.slice(start, end)]));
        parts++;
      }
      result = await sandbox.run({ kind: 'documents', input: { staged: { callId, parts } } }, batchMode);
    } else {
      const documents = Array.from({ length: to - from }, (_, i) => prepare(from + i));
      const slice = attributes.slice(from, to);
      const input = sandbox.binary
        ? { bytes: writeBinaryJsonWithText([documents, slice]) }
        : { texts: documents.map((d) => JSON.stringify(d instanceof JsonText ? d.parse() : d)), attributes: slice };
      result = await sandbox.run({ kind: 'documents', input }, batchMode);
    }
    const text = asJson && result.ok && 'bytes' in result ? outputsAsJson(result) : undefined;
    if (text) {
      let start = 0;
      return text.origins.map((origin, i): PayloadOutput => {
        const payload = text.bytes.subarray(start, text.ends[i]);
        start = text.ends[i];
        return { payload, attributes: text.attributes[i], origin: origin + from };
      });
    }
    const read = readOutputs(result);
    if (!read.ok) throw this.scriptError(read.error, from);
    return this.restore(read.outputs, read.dollarKeys, from);
  }

  /**
   * Runs JSON payloads (UTF-8 bytes) with their attributes; the parsing and encoding happen in
   * the sandbox's thread. Outputs that are plain JSON come back as payload bytes.
   */
  async runPayloads(payloads: readonly Uint8Array[], attributes: Attributes, batchMode: boolean, splittable = !batchMode): Promise<PayloadOutput[]> {
    const sandboxes = await this.start();
    const parts = splittable ? Math.min(sandboxes.length, Math.floor(payloads.length / 32)) : 1;
    const size = Math.ceil(payloads.length / Math.max(parts, 1));
    const results = await Promise.all(
      Array.from({ length: Math.max(parts, 1) }, async (_, p) => {
        const offset = p * size;
        const input = { ...packPayloads(payloads.slice(offset, offset + size)), attributes: attributes.slice(offset, offset + size) };
        const result = await sandboxes[p].run({ kind: 'payloads', input }, batchMode);
        if (!result.ok) {
          if (result.error.payload) throw new PayloadError(result.error.message, offset + result.error.index);
          throw this.scriptError(result.error, offset);
        }
        if (result.kind === 'values') return this.restore(result.outputs, true, offset);
        let start = 0;
        return result.origins.map((origin, i): PayloadOutput => {
          const payload = result.bytes.subarray(start, result.ends[i]);
          start = result.ends[i];
          return { payload, attributes: result.attributes[i], origin: origin + offset };
        });
      }),
    );
    return results.flat();
  }

  private scriptError(error: EngineError, offset: number): ScriptError {
    return new ScriptError(this.format(error.message, error.line), error.line, error.column, offset + error.index);
  }

  private restore(tuples: OutputTuple[], dollarKeys: boolean, offset: number): RawOutput[] {
    return tuples.map(([data, attrs, origin]) => {
      // Without a "$" property name anywhere no extended-JSON wrapper can be present.
      let restored = { value: data, plain: true };
      if (dollarKeys) {
        try {
          restored = fromSandboxValue(data);
        } catch (error) {
          throw new ScriptError(this.format(`the result holds an invalid extended-JSON value: ${(error as Error).message}`, null), null, null, offset + origin);
        }
      }
      return { data: restored.value, attributes: attrs, origin: origin + offset, plain: restored.plain };
    });
  }

  private format(message: string, line: number | null): string {
    return `script "${this.filename}"${line ? ` line ${line}` : ''}: ${message}`;
  }
}
