import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { QuickJsEngine, type EngineLimits, type EngineOutput, type EngineVariant, type ScriptDiagnostic } from './quickjs-engine.js';

/** Where a script runs: in the calling thread, or in a worker thread that can be killed. */
export type Isolation = 'worker' | 'inline';

/** A compiled script ready to take batches; see {@link QuickJsEngine.call} for the format. */
export interface Sandbox {
  run(dataJson: string, attrsJson: string, batchMode: boolean): Promise<EngineOutput>;
  dispose(): Promise<void>;
}

/** Messages between {@link WorkerSandbox} and sandbox-worker.ts. */
export type WorkerRequest = { id: number; dataJson: string; attrsJson: string; batchMode: boolean };
export type WorkerReply = { type: 'ready'; diagnostics: ScriptDiagnostic[] } | { type: 'output'; id: number; output: EngineOutput };

/** What starting a sandbox gives: the sandbox, or why the script does not compile. */
export type SandboxStart = { sandbox: Sandbox; diagnostics: [] } | { sandbox?: undefined; diagnostics: ScriptDiagnostic[] };

/** Compiles a script into a sandbox of the requested isolation. */
export async function startSandbox(
  source: string,
  filename: string,
  limits: EngineLimits,
  isolation: Isolation = 'worker',
  variant: EngineVariant = 'release-sync',
): Promise<SandboxStart> {
  if (isolation === 'inline') {
    const { engine, diagnostics } = await QuickJsEngine.create(source, filename, limits, variant);
    if (!engine) return { diagnostics };
    return { sandbox: new InlineSandbox(engine), diagnostics: [] };
  }
  const sandbox = new WorkerSandbox(source, filename, limits, variant);
  const diagnostics = await sandbox.start();
  if (diagnostics.length) {
    await sandbox.dispose();
    return { diagnostics };
  }
  return { sandbox, diagnostics: [] };
}

class InlineSandbox implements Sandbox {
  constructor(private readonly engine: QuickJsEngine) {}
  async run(dataJson: string, attrsJson: string, batchMode: boolean): Promise<EngineOutput> {
    return this.engine.call(dataJson, attrsJson, batchMode);
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
  private pending?: { id: number; resolve: (output: EngineOutput) => void; timer: NodeJS.Timeout };
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly source: string,
    private readonly filename: string,
    private readonly limits: EngineLimits,
    private readonly variant: EngineVariant,
  ) {}

  start(): Promise<ScriptDiagnostic[]> {
    this.ready ??= new Promise<ScriptDiagnostic[]>((resolve, reject) => {
      const worker = spawnWorker({ source: this.source, filename: this.filename, limits: this.limits, variant: this.variant });
      this.worker = worker;
      worker.once('error', reject);
      worker.on('message', (reply: WorkerReply) => {
        if (reply.type === 'ready') {
          worker.unref();
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

  run(dataJson: string, attrsJson: string, batchMode: boolean): Promise<EngineOutput> {
    const call = this.queue.then(() => this.runNow(dataJson, attrsJson, batchMode));
    this.queue = call.catch(() => undefined);
    return call;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.reset();
    await worker?.terminate();
  }

  private async runNow(dataJson: string, attrsJson: string, batchMode: boolean): Promise<EngineOutput> {
    if (this.disposed) throw new Error('sandbox disposed');
    const diagnostics = await this.start();
    if (diagnostics.length) return { ok: false, error: { ...diagnostics[0], index: 0, fatal: true } };
    const worker = this.worker!;
    const id = ++this.nextId;
    return new Promise<EngineOutput>((resolve) => {
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
      worker.postMessage({ id, dataJson, attrsJson, batchMode } satisfies WorkerRequest);
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
