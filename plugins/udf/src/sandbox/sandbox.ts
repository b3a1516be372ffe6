import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runPayloads, type PayloadInput, type PayloadResult } from './payload-call.js';
import { QuickJsEngine, type EngineBuild, type EngineInput, type EngineLimits, type EngineResult, type ScriptDiagnostic } from './quickjs-engine.js';

/** Where a script runs: in the calling thread, or in a worker thread that can be killed. */
export type Isolation = 'worker' | 'inline';

/** The attribute maps of a call's events. */
export type Attributes = ReadonlyArray<Readonly<Record<string, string>>>;

/**
 * One call of a sandbox: on documents (see {@link QuickJsEngine.call}), or on JSON payloads with
 * the JSON work done in the sandbox's thread (see payload-call.ts).
 */
export type SandboxCall = { kind: 'documents'; input: EngineInput } | { kind: 'payloads'; input: PayloadInput };
export type SandboxResult = EngineResult | PayloadResult;

/** A compiled script ready to take batches. */
export interface Sandbox {
  /** Whether documents calls take binary JSON (see binary-json.ts) rather than JSON texts. */
  readonly binary: boolean;
  /** Whether the script declares its documents independent (see QuickJsEngine.independent). */
  readonly independent: boolean;
  /** Runs one call. Its buffers are transferred to the sandbox's thread (unusable afterwards). */
  run(call: { kind: 'documents'; input: EngineInput }, batchMode: boolean): Promise<EngineResult>;
  run(call: { kind: 'payloads'; input: PayloadInput }, batchMode: boolean): Promise<PayloadResult>;
  /**
   * Hands over one part of the next documents call (binary JSON of `[documents, attributes]`);
   * the call then names the parts with `{ staged: { callId, parts } }`. A worker sandbox decodes
   * parts while the caller prepares the next, which is the point.
   */
  stage(callId: number, bytes: Uint8Array<ArrayBuffer>): void;
  dispose(): Promise<void>;
}

/** Runs a call on an engine, in whichever thread owns it. */
export function execute(engine: QuickJsEngine, call: SandboxCall, batchMode: boolean): SandboxResult {
  return call.kind === 'documents' ? engine.call(call.input, batchMode) : runPayloads(engine, call.input, batchMode);
}

/** The buffers of a call or result, moved rather than copied between threads. */
export function transferList(value: SandboxCall | SandboxResult): ArrayBuffer[] {
  if ('kind' in value && value.kind === 'payloads' && 'input' in value) return [value.input.payloads.buffer, value.input.ends.buffer];
  if ('kind' in value && value.kind === 'documents') return 'bytes' in value.input ? [value.input.bytes.buffer] : [];
  if (!('bytes' in value)) return [];
  // Payloads: JSON bytes and their ends; engine outputs: binary JSON, columns with their maps apart.
  if ('ends' in value) return [value.bytes.buffer, value.ends.buffer];
  return value.attributes ? [value.bytes.buffer, value.attributes.buffer] : [value.bytes.buffer];
}

/** Messages between {@link WorkerSandbox} and sandbox-worker.ts. */
export type WorkerRequest = { id: number; call: SandboxCall; batchMode: boolean } | { stage: { callId: number; bytes: Uint8Array<ArrayBuffer> } };
export type WorkerReply = { type: 'ready'; diagnostics: ScriptDiagnostic[]; binary: boolean; independent: boolean } | { type: 'output'; id: number; output: SandboxResult };

/** What starting a sandbox gives: the sandbox, or why the script does not compile. */
export type SandboxStart = { sandbox: Sandbox; diagnostics: [] } | { sandbox?: undefined; diagnostics: ScriptDiagnostic[] };

/** Compiles a script into a sandbox of the requested isolation. */
export async function startSandbox(
  source: string,
  filename: string,
  limits: EngineLimits,
  isolation: Isolation = 'worker',
  build: EngineBuild = {},
): Promise<SandboxStart> {
  if (isolation === 'inline') {
    const { engine, diagnostics } = await QuickJsEngine.create(source, filename, limits, build);
    if (!engine) return { diagnostics };
    return { sandbox: new InlineSandbox(engine), diagnostics: [] };
  }
  const sandbox = new WorkerSandbox(source, filename, limits, build);
  const diagnostics = await sandbox.start();
  if (diagnostics.length) {
    await sandbox.dispose();
    return { diagnostics };
  }
  return { sandbox, diagnostics: [] };
}

class InlineSandbox implements Sandbox {
  constructor(private readonly engine: QuickJsEngine) {}
  get binary(): boolean {
    return this.engine.binary;
  }
  get independent(): boolean {
    return this.engine.independent;
  }
  run(call: { kind: 'documents'; input: EngineInput }, batchMode: boolean): Promise<EngineResult>;
  run(call: { kind: 'payloads'; input: PayloadInput }, batchMode: boolean): Promise<PayloadResult>;
  async run(call: SandboxCall, batchMode: boolean): Promise<SandboxResult> {
    return execute(this.engine, call, batchMode);
  }
  stage(callId: number, bytes: Uint8Array<ArrayBuffer>): void {
    this.engine.stage(callId, bytes);
  }
  async dispose(): Promise<void> {
    this.engine.dispose();
  }
}

// Extra time past the script's own timeout before the thread is killed: the interrupt handler is
// only polled between bytecodes, so a loop of expensive builtins can overshoot it (deps.md §3).
const BACKSTOP_GRACE_MS = 500;

/**
 * Runs the engine in a worker thread, one call at a time. When a call outlives its timeout plus a
 * grace period the thread is terminated (that stops spinning wasm in milliseconds), the call
 * fails as a fatal script error, and a fresh worker is started for the next call.
 */
class WorkerSandbox implements Sandbox {
  private worker?: Worker;
  private ready?: Promise<ScriptDiagnostic[]>;
  private nextId = 0;
  private pending?: { id: number; resolve: (output: SandboxResult) => void; timer: NodeJS.Timeout };
  private binaryJson = false;
  private independentDocuments = false;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly source: string,
    private readonly filename: string,
    private readonly limits: EngineLimits,
    private readonly build: EngineBuild,
  ) {}

  start(): Promise<ScriptDiagnostic[]> {
    this.ready ??= new Promise<ScriptDiagnostic[]>((resolve, reject) => {
      const worker = spawnWorker({ source: this.source, filename: this.filename, limits: this.limits, build: this.build });
      this.worker = worker;
      worker.once('error', reject);
      worker.on('message', (reply: WorkerReply) => {
        if (reply.type === 'ready') {
          worker.unref();
          // A restarted worker runs the same QuickJS build, so this never changes between calls.
          this.binaryJson = reply.binary;
          this.independentDocuments = reply.independent;
          resolve(reply.diagnostics);
        }
        else if (this.pending?.id === reply.id) {
          worker.unref();
          const { resolve: done, timer } = this.pending;
          clearTimeout(timer);
          this.pending = undefined;
          done(reply.output);
        }
      });
      worker.on('exit', () => {
        // Resolving after 'ready' is a no-op; before it, the thread died while compiling.
        resolve([{ line: null, column: null, message: 'the sandbox thread exited before the script was compiled' }]);
        if (this.worker === worker) this.reset();
      });
    });
    return this.ready;
  }

  get binary(): boolean {
    return this.binaryJson;
  }

  get independent(): boolean {
    return this.independentDocuments;
  }

  run(call: { kind: 'documents'; input: EngineInput }, batchMode: boolean): Promise<EngineResult>;
  run(call: { kind: 'payloads'; input: PayloadInput }, batchMode: boolean): Promise<PayloadResult>;
  run(call: SandboxCall, batchMode: boolean): Promise<SandboxResult> {
    const running = this.queue.then(() => this.runNow(call, batchMode));
    this.queue = running.catch(() => undefined);
    return running;
  }

  stage(callId: number, bytes: Uint8Array<ArrayBuffer>): void {
    // No reply and no backstop: decoding our own bytes cannot hang. A part lost to a worker
    // restart makes the call report it instead of running a partial batch.
    // Posted once the worker is ready: before the call, which waits for the same promise later.
    void this.start().then((diagnostics) => {
      if (diagnostics.length === 0) this.worker?.postMessage({ stage: { callId, bytes } } satisfies WorkerRequest, [bytes.buffer]);
    });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.reset();
    await worker?.terminate();
  }

  private async runNow(call: SandboxCall, batchMode: boolean): Promise<SandboxResult> {
    if (this.disposed) throw new Error('sandbox disposed');
    const diagnostics = await this.start();
    if (diagnostics.length) return { ok: false, error: { ...diagnostics[0], index: 0, fatal: true } };
    const worker = this.worker!;
    const id = ++this.nextId;
    return new Promise<SandboxResult>((resolve) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        this.reset();
        void worker.terminate();
        resolve({
          ok: false,
          error: { message: `script did not stop within ${this.limits.timeoutMs} ms; its sandbox was killed`, line: null, column: null, index: 0, fatal: true },
        });
      }, this.limits.timeoutMs + BACKSTOP_GRACE_MS);
      this.pending = { id, resolve, timer };
      // Referenced only while busy: an idle sandbox must not keep the process alive.
      worker.ref();
      worker.postMessage({ id, call, batchMode } satisfies WorkerRequest, transferList(call));
    });
  }

  private reset(): void {
    const pending = this.pending;
    this.pending = undefined;
    this.worker = undefined;
    this.ready = undefined;
    if (pending) {
      clearTimeout(pending.timer);
      pending.resolve({ ok: false, error: { message: 'the sandbox thread exited', line: null, column: null, index: 0, fatal: true } });
    }
  }
}

function spawnWorker(workerData: unknown): Worker {
  const self = fileURLToPath(import.meta.url);
  const entry = new URL(`./sandbox-worker${self.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
  if (!self.endsWith('.ts')) return new Worker(new URL(entry), { workerData });
  // Running from sources (tests, bench): worker threads do not inherit tsx's loader, so the
  // bootstrap registers it before importing the TypeScript entry.
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => m.register()).then(() => import(${JSON.stringify(entry)}))`;
  return new Worker(bootstrap, { eval: true, workerData });
}
