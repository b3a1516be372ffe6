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
import { PRELUDE, PRELUDE_FILENAME } from './prelude.js';

/** Which QuickJS build runs scripts. `release-sync` is the fastest (see docs/benchmarks.md). */
export type EngineVariant = 'release-sync' | 'release-async' | 'debug-sync' | 'debug-async';

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

/** What one call returned: outputs, or the first failing event's error. */
export type EngineOutput =
  | { ok: true; json: string }
  | { ok: false; error: ScriptDiagnostic & { index: number; fatal: boolean } };

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
export class QuickJsEngine {
  private runtime?: QuickJSRuntime;
  private context?: QuickJSContext;
  private runFn?: QuickJSHandle;

  private constructor(
    private readonly module: QuickJSWASMModule,
    private readonly source: string,
    private readonly filename: string,
    private readonly limits: EngineLimits,
  ) {}

  /** Compiles `source`; resolves with the engine or with the diagnostics that stop it from compiling. */
  static async create(
    source: string,
    filename: string,
    limits: EngineLimits,
    variant: EngineVariant = 'release-sync',
  ): Promise<{ engine?: QuickJsEngine; diagnostics: ScriptDiagnostic[] }> {
    const engine = new QuickJsEngine(await loadModule(variant), source, filename, limits);
    const diagnostics = engine.boot();
    if (diagnostics.length) {
      engine.dispose();
      return { diagnostics };
    }
    return { engine, diagnostics };
  }

  /** Runs one batch through `__ms_run`. Never throws for script problems: they come back as errors. */
  call(dataJson: string, attrsJson: string, batchMode: boolean): EngineOutput {
    if (!this.context) {
      const diagnostics = this.boot();
      if (diagnostics.length) return { ok: false, error: { ...diagnostics[0], index: 0, fatal: true } };
    }
    const ctx = this.context!;
    const runtime = this.runtime!;
    runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + this.limits.timeoutMs));
    const data = ctx.newString(dataJson);
    const attrs = ctx.newString(attrsJson);
    try {
      let result;
      try {
        result = ctx.callFunction(this.runFn!, ctx.undefined, data, attrs, batchMode ? ctx.true : ctx.false);
      } finally {
        data.dispose();
        attrs.dispose();
      }
      if (result.error) {
        const error = describeError(ctx, result.error, this.filename);
        result.error.dispose();
        this.teardown();
        return { ok: false, error: { ...error, index: 0, fatal: true } };
      }
      const json = ctx.getString(result.value);
      result.value.dispose();
      const parsedError = json.startsWith('{"e":') ? (JSON.parse(json) as { e: { m: string; l: number | null; c: number | null; i: number; f?: boolean } }).e : undefined;
      if (parsedError) {
        if (parsedError.f) this.teardown();
        return { ok: false, error: { message: parsedError.m, line: parsedError.l, column: parsedError.c, index: parsedError.i, fatal: parsedError.f === true } };
      }
      return { ok: true, json };
    } catch (error) {
      // A host-side failure inside the wasm call (should not happen with the stack limit); the
      // runtime may be corrupt, so it is rebuilt.
      this.teardown();
      return { ok: false, error: { message: `sandbox failure: ${(error as Error).message}`, line: null, column: null, index: 0, fatal: true } };
    } finally {
      this.runtime?.removeInterruptHandler();
    }
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
      this.runFn = ctx.getProp(ctx.global, '__ms_run');
      return [];
    } finally {
      this.runtime?.removeInterruptHandler();
    }
  }

  private teardown(): void {
    try {
      this.runFn?.dispose();
      this.context?.dispose();
      this.runtime?.dispose();
    } catch {
      // The asyncify builds, used synchronously, can fail to free the host-function reference
      // during runtime disposal; the runtime is unusable either way and is dropped.
    }
    this.runFn = undefined;
    this.context = undefined;
    this.runtime = undefined;
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
