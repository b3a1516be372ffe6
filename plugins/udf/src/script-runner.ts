import { fromSandboxJson, toSandboxJson } from './ejson-bridge.js';
import type { EngineOutput, EngineVariant, ScriptDiagnostic } from './sandbox/quickjs-engine.js';
import { QuickJsEngine } from './sandbox/quickjs-engine.js';
import { startSandbox, type Isolation, type Sandbox } from './sandbox/sandbox.js';

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
  /** Number of sandboxes (threads) a batch may be split across. Default 1. See README "Parallelism". */
  workers?: number;
  /** QuickJS build. Default `release-sync`. */
  variant?: EngineVariant;
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
  plain?: boolean;
}

/**
 * The engine behind both the runner and the middleware: lazily started sandboxes, one JSON
 * string in and out per call, optional splitting of a call across several sandboxes.
 */
export class CompiledScript {
  readonly filename: string;
  private sandboxes?: Promise<Sandbox[]>;
  private readonly limits: { timeoutMs: number; memoryLimitMb: number };

  constructor(
    private readonly source: string,
    private readonly options: ScriptRunnerOptions = {},
  ) {
    this.filename = options.filename ?? 'script.js';
    this.limits = { timeoutMs: options.timeoutMs ?? 1000, memoryLimitMb: options.memoryLimitMb ?? 64 };
  }

  /** Compile-checks the script in a throwaway inline engine. */
  async check(): Promise<ScriptDiagnostic[]> {
    const { engine, diagnostics } = await QuickJsEngine.create(this.source, this.filename, this.limits, this.options.variant);
    engine?.dispose();
    return diagnostics;
  }

  /** Starts the sandboxes; rejects with a compile {@link ScriptError}. */
  start(): Promise<Sandbox[]> {
    this.sandboxes ??= (async () => {
      const count = Math.max(1, this.options.workers ?? 1);
      const started = await Promise.all(
        Array.from({ length: count }, () => startSandbox(this.source, this.filename, this.limits, this.options.isolation ?? 'worker', this.options.variant)),
      );
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

  /** Runs already-serialised documents (JSON texts) with their attributes. */
  async runTexts(texts: string[], attributes: ReadonlyArray<Readonly<Record<string, string>>>, batchMode: boolean, splittable = !batchMode): Promise<RawOutput[]> {
    const sandboxes = await this.start();
    // Splitting pays off only when each part still amortises the message round trip.
    const parts = splittable ? Math.min(sandboxes.length, Math.floor(texts.length / 32)) : 1;
    if (parts <= 1) return this.runOne(sandboxes[0], texts, attributes, batchMode, 0);
    const size = Math.ceil(texts.length / parts);
    const results = await Promise.all(
      Array.from({ length: parts }, (_, p) =>
        this.runOne(sandboxes[p], texts.slice(p * size, (p + 1) * size), attributes.slice(p * size, (p + 1) * size), batchMode, p * size),
      ),
    );
    return results.flat();
  }

  async runValues(inputs: ScriptInput[], batchMode: boolean): Promise<ScriptOutput[]> {
    const outputs = await this.runTexts(inputs.map((i) => toSandboxJson(i.data) ?? 'null'), inputs.map((i) => i.attributes), batchMode);
    return outputs.map(({ data, attributes, origin }) => ({ data, attributes, origin }));
  }

  async dispose(): Promise<void> {
    const sandboxes = await this.sandboxes?.catch(() => undefined);
    this.sandboxes = undefined;
    await Promise.all((sandboxes ?? []).map((s) => s.dispose()));
  }

  private async runOne(sandbox: Sandbox, texts: string[], attributes: ReadonlyArray<Readonly<Record<string, string>>>, batchMode: boolean, offset: number): Promise<RawOutput[]> {
    const output: EngineOutput = await sandbox.run(`[${texts.join(',')}]`, JSON.stringify(attributes), batchMode);
    if (!output.ok) {
      const { message, line, column, index } = output.error;
      throw new ScriptError(this.format(message, line), line, column, offset + index);
    }
    const parsed = fromSandboxJson(output.json) as { o: Array<[unknown, Record<string, string>, number]> };
    const plain = !output.json.includes('"$');
    return parsed.o.map(([data, attrs, origin]) => ({ data, attributes: attrs, origin: origin + offset, plain }));
  }

  private format(message: string, line: number | null): string {
    return `script "${this.filename}"${line ? ` line ${line}` : ''}: ${message}`;
  }
}
