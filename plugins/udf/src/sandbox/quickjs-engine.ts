import { createHash } from 'node:crypto';
import {
  DEBUG_ASYNC,
  DEBUG_SYNC,
  newQuickJSAsyncWASMModule,
  newQuickJSWASMModule,
  RELEASE_ASYNC,
  RELEASE_SYNC,
  shouldInterruptAfterDeadline,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSWASMModule,
} from 'quickjs-emscripten';
import { stringMapsOnly } from './attribute-check.js';
import { readBinaryJson, writeBinaryJson } from './binary-json.js';
import { PRELUDE, PRELUDE_FILENAME } from './prelude.js';

/** Which QuickJS build runs scripts. `release-sync` is the fastest (see docs/benchmarks.md). */
export type EngineVariant = 'release-sync' | 'release-async' | 'debug-sync' | 'debug-async';

/**
 * How documents cross into the sandbox: `binary` (QuickJS binary JSON, the default, used when the
 * boot probe passes) or `json` (JSON strings; slower, kept as the fallback and for comparison).
 */
export type Transport = 'binary' | 'json';

/** Which engine build runs a script and how documents reach it. */
export interface EngineBuild {
  variant?: EngineVariant;
  transport?: Transport;
}

/** Sandbox limits of one runtime. */
export interface EngineLimits {
  /** Wall-clock budget of one call, enforced by QuickJS's interrupt handler. */
  timeoutMs: number;
  /** Heap limit of the runtime. */
  memoryLimitMb: number;
}

/** A problem in a script, with its 1-based position when QuickJS reports one. */
export interface ScriptDiagnostic {
  line: number | null;
  column: number | null;
  message: string;
}

/** Why a call failed: the first failing event. */
export type EngineError = ScriptDiagnostic & { index: number; fatal: boolean };

/**
 * What goes into one call: the documents and their attribute maps, either as binary JSON of
 * `[documents, attributes]` (when the engine's {@link QuickJsEngine.binary} is true) or as JSON.
 */
export type EngineInput =
  | { bytes: Uint8Array<ArrayBuffer> }
  | { texts: readonly string[]; attributes: ReadonlyArray<Readonly<Record<string, string>>> }
  /** The parts given to {@link QuickJsEngine.stage} for `callId`, joined in order. */
  | { staged: { callId: number; parts: number } };

/**
 * What one call returned: the outputs `[[data, attributes, origin], …]` as binary JSON (read it
 * with readBinaryJson), or, when output i is input i, the output documents and their attribute
 * maps as two binary JSON arrays (`bytes`, `attributes`), or the JSON `{"o": outputs}`, or the
 * first failing event's error.
 */
export type EngineResult =
  | { ok: true; bytes: Uint8Array<ArrayBuffer>; attributes?: Uint8Array<ArrayBuffer> }
  | { ok: true; json: string }
  | { ok: false; error: EngineError };

// Deep recursion must hit QuickJS's own limit (a catchable InternalError) before it can overflow
// the wasm stack of the host (deps.md §3: 512 KiB or more lets a RangeError escape into Node).
const MAX_STACK_BYTES = 256 * 1024;

const modules = new Map<EngineVariant, Promise<QuickJSWASMModule>>();

/** Loads (once per thread) the wasm module of a variant. */
export function loadModule(variant: EngineVariant): Promise<QuickJSWASMModule> {
  let module = modules.get(variant);
  if (!module) {
    // The asyncify builds are used synchronously here; they exist to compare their speed.
    module =
      variant === 'release-sync' ? newQuickJSWASMModule(RELEASE_SYNC)
      : variant === 'debug-sync' ? newQuickJSWASMModule(DEBUG_SYNC)
      : variant === 'release-async' ? (newQuickJSAsyncWASMModule(RELEASE_ASYNC) as unknown as Promise<QuickJSWASMModule>)
      : (newQuickJSAsyncWASMModule(DEBUG_ASYNC) as unknown as Promise<QuickJSWASMModule>);
    modules.set(variant, module);
  }
  return module;
}

/**
 * One compiled script in its own QuickJS runtime and context: nothing is shared with other
 * scripts or jobs. After a fatal error (interrupt, out of memory, stack overflow) the runtime is
 * rebuilt, so whatever state the failing call left behind is gone.
 */
/** Calls whose staged parts are held at once; more means a caller staged and never called. */
const MAX_STAGED_CALLS = 4;

export class QuickJsEngine {
  private runtime?: QuickJSRuntime;
  private context?: QuickJSContext;
  private entries?: Record<EntryPoint, QuickJSHandle>;
  /**
   * Parts of the calls being staged (see {@link stage}), already decoded in the sandbox, by call
   * id in arrival order. A middleware with two batches in flight stages the second while the
   * first runs.
   */
  private readonly staging = new Map<number, QuickJSHandle[]>();
  private binaryJson = false;
  private independentDocuments = false;

  private constructor(
    private readonly module: QuickJSWASMModule,
    private readonly source: string,
    private readonly filename: string,
    private readonly limits: EngineLimits,
    private readonly transport: Transport,
  ) {}

  /** Compiles `source`; resolves with the engine or with the diagnostics that stop it from compiling. */
  static async create(
    source: string,
    filename: string,
    limits: EngineLimits,
    build: EngineBuild = {},
  ): Promise<{ engine?: QuickJsEngine; diagnostics: ScriptDiagnostic[] }> {
    const engine = new QuickJsEngine(await loadModule(build.variant ?? 'release-sync'), source, filename, limits, build.transport ?? 'binary');
    const diagnostics = engine.boot();
    if (diagnostics.length) {
      engine.dispose();
      return { diagnostics };
    }
    return { engine, diagnostics };
  }

  /** Whether documents may cross as binary JSON (see binary-json.ts): the boot probe passed. */
  get binary(): boolean {
    return this.binaryJson;
  }

  /**
   * Whether the script declares (top level: `const independent = true;`) that it treats each
   * document on its own, so a batch may be split across sandboxes (see script-runner.ts).
   */
  get independent(): boolean {
    return this.independentDocuments;
  }

  /**
   * Decodes one part of a coming call (binary JSON of `[documents, attributes]`) ahead of it, so
   * the sandbox's thread decodes part n while the caller still prepares part n + 1. At most
   * {@link MAX_STAGED_CALLS} calls are held: the parts of older ones (whose call never came) are
   * dropped, and such a call would report its parts lost.
   */
  stage(callId: number, bytes: Uint8Array<ArrayBuffer>): void {
    if (!this.context && this.boot().length) return;
    let parts = this.staging.get(callId);
    if (!parts) {
      for (const [oldest] of this.staging) {
        if (this.staging.size < MAX_STAGED_CALLS) break;
        this.dropStaged(oldest);
      }
      this.staging.set(callId, (parts = []));
    }
    const ctx = this.context!;
    parts.push(ctx.newArrayBuffer(ownBuffer(bytes)).consume((buffer) => ctx.decodeBinaryJSON(buffer)));
  }

  /** Runs one call. Never throws for script problems: they come back as errors. */
  call(input: EngineInput, batchMode: boolean): EngineResult {
    if (!this.context) {
      const diagnostics = this.boot();
      if (diagnostics.length) return { ok: false, error: { ...diagnostics[0], index: 0, fatal: true } };
    }
    const runtime = this.runtime!;
    runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + this.limits.timeoutMs));
    try {
      const result =
        'bytes' in input ? this.callWithBinary(this.decode(input.bytes), batchMode)
        : 'staged' in input ? this.callStaged(input.staged, batchMode)
        : this.callWithJson(input.texts, input.attributes, batchMode);
      // After a fatal error (interrupt, out of memory, stack overflow) the runtime is in doubt.
      if (!result.ok && result.error.fatal) this.teardown();
      return result;
    } catch (error) {
      // A host-side failure inside the wasm call (should not happen with the stack limit); the
      // runtime may be corrupt, so it is rebuilt.
      this.teardown();
      return { ok: false, error: { message: `sandbox failure: ${(error as Error).message}`, line: null, column: null, index: 0, fatal: true } };
    } finally {
      this.runtime?.removeInterruptHandler();
    }
  }

  private decode(bytes: Uint8Array<ArrayBuffer>): QuickJSHandle {
    const ctx = this.context!;
    return ctx.newArrayBuffer(ownBuffer(bytes)).consume((buffer) => ctx.decodeBinaryJSON(buffer));
  }

  /** Joins the staged parts inside the sandbox and runs them as one call. */
  private callStaged(staged: { callId: number; parts: number }, batchMode: boolean): EngineResult {
    const parts = this.staging.get(staged.callId) ?? [];
    this.staging.delete(staged.callId);
    const ctx = this.context!;
    try {
      // A sandbox restarted between the parts and the call has lost them: never run a partial batch.
      if (parts.length !== staged.parts) {
        return { ok: false, error: { message: `the sandbox lost ${staged.parts - parts.length} of ${staged.parts} parts of this call (it was restarted)`, line: null, column: null, index: 0, fatal: false } };
      }
      const list = ctx.newArray();
      parts.forEach((part, i) => ctx.setProp(list, i, part));
      const joined = list.consume((handle) => ctx.callFunction(this.entry('__ms_join'), ctx.undefined, handle));
      if (joined.error) return this.thrown(joined.error);
      return this.callWithBinary(joined.value, batchMode);
    } finally {
      for (const part of parts) part.dispose();
    }
  }

  /** Disposes the staged parts of one call, or of every call. */
  private dropStaged(callId?: number): void {
    for (const [id, parts] of this.staging) {
      if (callId !== undefined && id !== callId) continue;
      for (const part of parts) part.dispose();
      this.staging.delete(id);
    }
  }

  /** The fast path: documents cross as QuickJS binary JSON both ways. `args` is consumed. */
  private callWithBinary(args: QuickJSHandle, batchMode: boolean): EngineResult {
    const ctx = this.context!;
    let result;
    try {
      result = ctx.callFunction(this.entry('__ms_run_values'), ctx.undefined, args, batchMode ? ctx.true : ctx.false);
    } finally {
      args.dispose();
    }
    if (result.error) return this.thrown(result.error);
    const value = result.value;
    if (ctx.typeof(value) === 'string') return this.parseError(value.consume((handle) => ctx.getString(handle)));
    try {
      // Columns { d, a } (see the prelude's columns): an array has no "d".
      const documents = ctx.getProp(value, 'd');
      if (ctx.typeof(documents) === 'object') return this.columnsOut(value, documents);
      documents.dispose();
      const bytes = this.encode(value);
      return bytes ? { ok: true, bytes } : this.stringified(value);
    } finally {
      value.dispose();
    }
  }

  /**
   * Columns out: the attribute maps first, as the script left them; when their encoding is not
   * plain string maps only (see attribute-check.ts), the prelude makes them what attributesOut
   * gives. Then the documents, encoded once.
   */
  private columnsOut(columns: QuickJSHandle, documents: QuickJSHandle): EngineResult {
    const ctx = this.context!;
    let maps = ctx.getProp(columns, 'a');
    try {
      let attributes = this.encode(maps);
      if (!attributes || !stringMapsOnly(attributes)) {
        const checked = ctx.callFunction(this.entry('__ms_check_attributes'), ctx.undefined, maps);
        if (checked.error) return this.thrown(checked.error);
        maps.dispose();
        maps = checked.value;
        if (ctx.typeof(maps) === 'string') return this.parseError(ctx.getString(maps));
        ctx.setProp(columns, 'a', maps);
        attributes = this.encode(maps);
      }
      const bytes = attributes && this.encode(documents);
      return attributes && bytes ? { ok: true, bytes, attributes } : this.stringified(columns);
    } finally {
      maps.dispose();
      documents.dispose();
    }
  }

  /** A value as binary JSON in a buffer of its own (which a worker can transfer), or undefined when QuickJS cannot write it. */
  private encode(value: QuickJSHandle): Uint8Array<ArrayBuffer> | undefined {
    const ctx = this.context!;
    try {
      return ctx.encodeBinaryJSON(value).consume((encoded) => ctx.getArrayBuffer(encoded).consume((view) => view.value.slice()));
    } catch {
      // A function, Map, RegExp, getter … (QuickJS cannot write them; the library reports it as
      // a failed allocation).
      return undefined;
    }
  }

  /** Outputs binary JSON cannot carry: JSON.stringify decides what they become. */
  private stringified(outputs: QuickJSHandle): EngineResult {
    const ctx = this.context!;
    const json = ctx.callFunction(this.entry('__ms_stringify'), ctx.undefined, outputs);
    if (json.error) return this.thrown(json.error);
    return this.parseOutputs(json.value.consume((handle) => ctx.getString(handle)));
  }

  /** The portable path: one JSON string in, one out. */
  private callWithJson(texts: readonly string[], attributes: ReadonlyArray<Readonly<Record<string, string>>>, batchMode: boolean): EngineResult {
    const ctx = this.context!;
    const data = ctx.newString(`[${texts.join(',')}]`);
    const attrs = ctx.newString(JSON.stringify(attributes));
    let result;
    try {
      result = ctx.callFunction(this.entry('__ms_run'), ctx.undefined, data, attrs, batchMode ? ctx.true : ctx.false);
    } finally {
      data.dispose();
      attrs.dispose();
    }
    if (result.error) return this.thrown(result.error);
    return this.parseOutputs(result.value.consume((handle) => ctx.getString(handle)));
  }

  /** `{"o": outputs}` or `{"e": error}` from the prelude's stringify. */
  private parseOutputs(json: string): EngineResult {
    return json.startsWith('{"e":') ? this.parseError(json) : { ok: true, json };
  }

  private parseError(json: string): EngineResult {
    const { e } = JSON.parse(json) as { e: { m: string; l: number | null; c: number | null; i: number; f?: boolean } };
    return { ok: false, error: { message: e.m, line: e.l, column: e.c, index: e.i, fatal: e.f === true } };
  }

  /** An exception escaped the prelude (interrupt, out of memory): fatal, the runtime is rebuilt. */
  private thrown(handle: QuickJSHandle): EngineResult {
    const error = describeError(this.context!, handle, this.filename);
    handle.dispose();
    return { ok: false, error: { ...error, index: 0, fatal: true } };
  }

  private entry(name: EntryPoint): QuickJSHandle {
    return this.entries![name];
  }

  /** Frees the runtime. Idempotent. */
  dispose(): void {
    this.teardown();
  }

  private boot(): ScriptDiagnostic[] {
    const runtime = this.module.newRuntime();
    runtime.setMemoryLimit(this.limits.memoryLimitMb * 1024 * 1024);
    runtime.setMaxStackSize(MAX_STACK_BYTES);
    const ctx = runtime.newContext();
    this.runtime = runtime;
    this.context = ctx;
    // SHA-256 as a host function: a JS implementation inside QuickJS is ~100x slower.
    const sha = ctx.newFunction('__ms_sha256', (text) => ctx.newString(createHash('sha256').update(ctx.getString(text)).digest('hex')));
    ctx.setProp(ctx.global, '__ms_sha256', sha);
    sha.dispose();
    runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + Math.max(this.limits.timeoutMs, 1000)));
    try {
      for (const [code, file] of [
        [PRELUDE, PRELUDE_FILENAME],
        [this.source, this.filename],
      ] as const) {
        const result = ctx.evalCode(code, file);
        if (result.error) {
          const error = describeError(ctx, result.error, this.filename);
          result.error.dispose();
          this.teardown();
          return [error];
        }
        result.value.dispose();
      }
      const kind = ctx.evalCode('typeof transform', 'mstream-check.js');
      const type = kind.error ? 'undefined' : ctx.getString(kind.value);
      (kind.error ?? kind.value).dispose();
      if (type !== 'function') {
        this.teardown();
        return [{ line: null, column: null, message: 'the script must define function transform(data, attributes)' }];
      }
      this.entries = {
        __ms_run: ctx.getProp(ctx.global, '__ms_run'),
        __ms_run_values: ctx.getProp(ctx.global, '__ms_run_values'),
        __ms_stringify: ctx.getProp(ctx.global, '__ms_stringify'),
        __ms_join: ctx.getProp(ctx.global, '__ms_join'),
        __ms_check_attributes: ctx.getProp(ctx.global, '__ms_check_attributes'),
      };
      // JSON.stringify calls toJSON methods, binary JSON does not: such scripts keep the JSON path.
      this.binaryJson = this.transport === 'binary' && !this.source.includes('toJSON') && binaryJsonWorks(ctx);
      // Read once, before any event: what a script does later cannot change how batches are split.
      const declared = ctx.evalCode('typeof independent !== "undefined" && independent === true', 'mstream-check.js');
      this.independentDocuments = !declared.error && ctx.dump(declared.value) === true;
      (declared.error ?? declared.value).dispose();
      return [];
    } finally {
      this.runtime?.removeInterruptHandler();
    }
  }

  private teardown(): void {
    this.dropStaged();
    try {
      for (const handle of Object.values(this.entries ?? {})) handle.dispose();
      this.context?.dispose();
      this.runtime?.dispose();
    } catch {
      // The asyncify builds, used synchronously, can fail to free the host-function reference
      // during runtime disposal; the runtime is unusable either way and is dropped.
    }
    this.entries = undefined;
    this.context = undefined;
    this.runtime = undefined;
  }
}

type EntryPoint = '__ms_run' | '__ms_run_values' | '__ms_stringify' | '__ms_join' | '__ms_check_attributes';

/** The bytes as an ArrayBuffer of their own (newArrayBuffer copies the whole buffer it is given). */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer;
}

// Exercises what the format must carry exactly: every int32 boundary, floats, -0, Latin-1, UTF-16
// with a surrogate pair and a lone surrogate, array-index and "__proto__" keys, nesting.
const PROBE = {
  a: [0, 1, -1, 63, 64, -65, 2147483647, -2147483648, 2147483648, 1.5, -0, 1e300, 5e-324],
  s: ['', 'plain', 'é ÿ \u0080', '€ 😀', '\ud800'],
  '7': true,
  '4294967295': false,
  $date: { nested: [[], {}, [null]] },
};
const PROBE_JSON = JSON.stringify(JSON.parse(`${JSON.stringify(PROBE).slice(0, -1)},"__proto__":{"own":1}}`));

/**
 * Whether this QuickJS build reads and writes binary JSON the way binary-json.ts does: the probe
 * goes in as binary JSON and must stringify identically inside QuickJS, then come back out
 * unchanged. Any difference (a QuickJS upgrade changed the format) selects the JSON-string path.
 */
function binaryJsonWorks(ctx: QuickJSContext): boolean {
  const handles: QuickJSHandle[] = [];
  const keep = (handle: QuickJSHandle) => (handles.push(handle), handle);
  try {
    const bytes = writeBinaryJson(JSON.parse(PROBE_JSON));
    const buffer = keep(ctx.newArrayBuffer(ownBuffer(bytes)));
    const value = keep(ctx.decodeBinaryJSON(buffer));
    const stringify = keep(ctx.unwrapResult(ctx.evalCode('(value) => JSON.stringify(value)', 'mstream-probe.js')));
    const inside = ctx.getString(keep(ctx.unwrapResult(ctx.callFunction(stringify, ctx.undefined, value))));
    const encoded = keep(ctx.encodeBinaryJSON(value));
    const back = ctx.getArrayBuffer(encoded).consume((view) => readBinaryJson(view.value));
    return inside === PROBE_JSON && JSON.stringify(back.value) === PROBE_JSON && back.dollarKeys;
  } catch {
    return false;
  } finally {
    for (const handle of handles) handle.dispose();
  }
}

function describeError(ctx: QuickJSContext, handle: QuickJSHandle, filename: string): ScriptDiagnostic {
  const dumped = ctx.dump(handle) as { name?: string; message?: string; stack?: string } | string;
  if (typeof dumped !== 'object' || dumped === null) return { line: null, column: null, message: String(dumped) };
  const message = dumped.name ? `${dumped.name}: ${dumped.message ?? ''}` : String(dumped.message ?? dumped);
  return { ...locate(`${dumped.stack ?? ''}\n${dumped.message ?? ''}`, filename), message };
}

/** Finds `<filename>:<line>[:<column>]` in a QuickJS stack trace. */
export function locate(stack: string, filename: string): { line: number | null; column: number | null } {
  const escaped = filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+)(?::(\\d+))?`).exec(stack);
  return { line: match ? Number(match[1]) : null, column: match?.[2] ? Number(match[2]) : null };
}
