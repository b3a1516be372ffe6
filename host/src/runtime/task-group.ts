import { Worker } from 'node:worker_threads';
import { ConfigValidationError, ConflictError, type Logger } from '@mstream/sdk';
import type { ConnectorConfig } from '../config/config-types.js';
import type { ServiceCapabilities } from '../services/service-capabilities.js';
import type { ServiceManager } from '../services/service-manager.js';
import type { OptionsValidator } from '../registry/options-validator.js';
import type { PluginRegistry } from '../registry/plugin-registry.js';
import type { DeadLetter, Stores } from '../stores/store-types.js';
import { backoffDelay, sleep } from './backoff.js';
import type { JobMetrics } from './job-metrics.js';
import { retrySettings, type PipelineRunEvents } from './pipeline-run.js';
import { servicesOf } from './services-of.js';
import type { TaskMetricsView } from './task-metrics.js';
import { fromWire, toWire, type FromTask, type MetricsDelta, type TaskWorkerData, type ToTask, type WireError } from './task-messages.js';

export interface TaskGroupDeps {
  stores: Pick<Stores, 'checkpoints' | 'deadLetters'>;
  services: ServiceManager;
  capabilities: ServiceCapabilities;
  registry: PluginRegistry;
  validator: OptionsValidator;
  logger: Logger;
  stableHostId: string;
  stopGraceMs?: number;
  /** The host's data folder (plugin data); default MSTREAM_DATA_DIR, else ./data, as the validator's. */
  dataDir?: string;
}

/** How long a task may take past the stop grace period before its thread is terminated. */
const EXIT_MARGIN_MS = 10_000;

type Outcome = { kind: 'done'; error?: WireError } | { kind: 'crash'; error: Error };

/** One task: its current thread and what the job's views show of it. */
interface Task {
  index: number;
  worker?: Worker;
  state: TaskMetricsView['state'];
  eventsProcessed: number;
  inFlight: number;
  maxInFlight: number;
  restarts: number;
  /** Crashes in a row, reset once the restarted task processes events again. */
  crashes: number;
  exited: Promise<void>;
}

/**
 * Runs a job with `tasks = N > 1` as N worker threads (task-worker.ts), each building the job's
 * pipeline and running the normal runner: the source's group protocol (Kafka) spreads the work.
 * It is still one job: the threads' checkpoints, dead letters, retries and counters come here as
 * messages and go to the host's stores and the job's one JobMetrics (sums, plus `tasks` detail).
 *
 * A task whose runner fails fails the job (the others are stopped), as the runner's error fails a
 * one-thread job. A thread that dies without reporting (an uncaught error, out of memory) is
 * started again after the job's retry backoff, up to `retry.max_attempts` crashes in a row.
 */
export class TaskGroup {
  readonly count: number;
  private readonly tasks: Task[] = [];
  private stopping = false;
  private failure?: unknown;
  private readonly stopped = new AbortController();
  /** Checkpoint saves, one at a time in arrival order; a stop waits for them. */
  private saves: Promise<void> = Promise.resolve();
  private built = false;
  private nextRedrive = 0;
  private readonly redrives = new Map<number, { worker: Worker; resolve(): void; reject(error: Error): void }>();

  constructor(
    private readonly connector: ConnectorConfig,
    private readonly deps: TaskGroupDeps,
    private readonly metrics: JobMetrics,
    private readonly events: PipelineRunEvents,
  ) {
    this.count = connector.tasks ?? 1;
    metrics.inFlight = () => this.tasks.reduce((sum, t) => sum + t.inFlight, 0);
    metrics.tasks = () =>
      this.tasks.map((t) => ({ task: t.index, state: t.state, events_processed: t.eventsProcessed, events_in_flight: t.inFlight, restarts: t.restarts }));
  }

  /** Runs every task until the job stops (resolves) or one task fails (rejects, the others stopped). */
  async run(): Promise<void> {
    if (this.stopping) return;
    const data = await this.workerData();
    for (let index = 0; index < this.count; index++) {
      this.tasks.push({ index, state: 'starting', eventsProcessed: 0, inFlight: 0, maxInFlight: 0, restarts: 0, crashes: 0, exited: Promise.resolve() });
    }
    await Promise.all(this.tasks.map((task) => this.keepRunning(task, data)));
    await this.saves;
    if (this.failure !== undefined) throw this.failure;
  }

  /** Stops every task: each finishes its in-flight batches and saves its checkpoint, as a one-thread job does. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopped.abort(new Error('job stopping'));
    for (const task of this.tasks) this.post(task, { type: 'stop' });
    await Promise.all(this.tasks.map((task) => task.exited));
    await this.saves;
  }

  /** Re-drives a dead letter through the first running task. */
  redrive(entry: DeadLetter): Promise<void> {
    const task = this.tasks.find((t) => t.state === 'running' && t.worker);
    if (!task) return Promise.reject(new ConflictError(`job "${this.connector.name}" has no running task yet; try again`));
    return new Promise<void>((resolve, reject) => {
      const id = this.nextRedrive++;
      this.redrives.set(id, { worker: task.worker!, resolve, reject });
      this.post(task, { type: 'redrive', id, entry });
    });
  }

  private async keepRunning(task: Task, data: Omit<TaskWorkerData, 'task'>): Promise<void> {
    const retry = retrySettings(this.connector);
    const logger = this.deps.logger.child({ job_name: this.connector.name, task: task.index });
    while (!this.stopping) {
      const outcome = await this.start(task, { ...data, task: task.index });
      if (outcome.kind === 'done') {
        task.state = outcome.error ? 'failed' : 'stopped';
        // The job record says which task failed (each task's log lines carry `task` too).
        if (outcome.error && !this.stopping) this.fail(fromWire({ ...outcome.error, message: `task ${task.index}: ${outcome.error.message}` }));
        return;
      }
      if (this.stopping) {
        task.state = 'stopped';
        return;
      }
      task.crashes++;
      if (retry.maxAttempts > 0 && task.crashes >= retry.maxAttempts) {
        task.state = 'failed';
        return this.fail(new Error(`task ${task.index} crashed ${task.crashes} times in a row: ${outcome.error.message}`));
      }
      task.state = 'restarting';
      task.restarts++;
      this.metrics.retries++;
      const delay = backoffDelay(task.crashes - 1, retry);
      logger.warn({ err: outcome.error.message, attempt: task.crashes, delay_ms: delay }, 'task thread crashed; starting it again');
      this.events.onRetrying(`task ${task.index}`, outcome.error, task.crashes);
      await sleep(delay, this.stopped.signal).catch(() => undefined);
    }
    task.state = 'stopped';
  }

  private fail(error: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    void this.stop();
  }

  /** Starts the task's thread; resolves when it ends: with its report, or as a crash. */
  private start(task: Task, data: TaskWorkerData): Promise<Outcome> {
    const worker = startWorker(data, `mstream ${this.connector.name} task ${task.index}`);
    task.worker = worker;
    task.state = 'starting';
    let report: Outcome | undefined;
    let crash: Error | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    worker.on('message', (message: FromTask) => {
      if (message.type === 'done') {
        report = { kind: 'done', error: message.error };
        // Everything is closed: end the thread even if a client left a timer behind.
        void worker.terminate();
      } else this.onMessage(task, worker, message);
    });
    worker.on('error', (error) => (crash = error));
    const outcome = new Promise<Outcome>((resolve) => {
      worker.once('exit', (code) => {
        clearTimeout(killTimer);
        if (task.worker === worker) task.worker = undefined;
        task.inFlight = 0;
        // Re-drives the thread had not answered: the dead letters stay, the caller hears why.
        for (const [id, waiting] of this.redrives) {
          if (waiting.worker !== worker) continue;
          this.redrives.delete(id);
          waiting.reject(new ConflictError(`task ${task.index} of job "${this.connector.name}" ended before re-driving the dead letter`));
        }
        resolve(report ?? { kind: 'crash', error: crash ?? new Error(`task ${task.index} exited with code ${code}`) });
      });
    });
    task.exited = outcome.then(() => undefined);
    // A stop asks the task to finish; one that does not within the grace period (plus a margin) is ended.
    const onStop = () => {
      killTimer = setTimeout(() => void worker.terminate(), (this.deps.stopGraceMs ?? 5000) + EXIT_MARGIN_MS);
      killTimer.unref();
    };
    this.stopped.signal.addEventListener('abort', onStop, { once: true });
    void outcome.then(() => this.stopped.signal.removeEventListener('abort', onStop));
    return outcome;
  }

  private onMessage(task: Task, worker: Worker, message: FromTask): void {
    switch (message.type) {
      case 'call': {
        const reply = (value?: unknown) => worker.postMessage({ type: 'reply', id: message.id, value } satisfies ToTask);
        const refuse = (error: unknown) => worker.postMessage({ type: 'reply', id: message.id, error: toWire(error) } satisfies ToTask);
        this.answer(task, message.method, message.args).then(reply, refuse);
        return;
      }
      case 'log': {
        const logger = this.deps.logger.child({ ...message.bindings, task: task.index });
        logger[message.level](message.obj, message.msg);
        return;
      }
      case 'metrics':
        return this.apply(task, message.delta);
      case 'retrying':
        return this.events.onRetrying(`task ${task.index}: ${message.stage}`, fromWire(message.error), message.attempt);
      case 'recovered':
        return this.events.onRecovered();
      case 'health':
        return this.events.onHealth?.(`task ${task.index}: ${message.stage}`, message.reason);
      case 'reply': {
        const waiting = this.redrives.get(message.id);
        this.redrives.delete(message.id);
        if (message.error) waiting?.reject(fromWire(message.error));
        else waiting?.resolve();
        return;
      }
    }
  }

  private async answer(task: Task, method: string, args: unknown[]): Promise<unknown> {
    const { checkpoints, deadLetters } = this.deps.stores;
    switch (method) {
      case 'checkpoints.latest':
        return checkpoints.latest(this.connector.name);
      case 'checkpoints.save': {
        // Kafka: each task's checkpoint holds its own partitions' progress and older offsets of
        // the others'; at start the group's committed offsets win over older ones, so the
        // newest save of any task is a safe place to resume (see docs/configuration.md, tasks).
        const saved = this.saves.then(() => checkpoints.save(this.connector.name, args[1] as Uint8Array));
        this.saves = saved.catch(() => undefined);
        return saved;
      }
      case 'deadLetters.add':
        return deadLetters.add(args[0] as DeadLetter[]);
      case 'built':
        task.state = 'running';
        if (this.built) return undefined;
        this.built = true;
        return this.events.onBuilt(args[0] as Record<string, string>);
      default:
        throw new Error(`unknown task call "${method}"`);
    }
  }

  private apply(task: Task, delta: MetricsDelta): void {
    const m = this.metrics;
    if (delta.events > 0) {
      m.recordProcessed(delta.events, delta.bytes, delta.lastSourceTimestamp);
      task.eventsProcessed += delta.events;
      if (task.crashes > 0) {
        task.crashes = 0;
        this.events.onRecovered();
      }
    }
    m.totalErrors += delta.errors;
    m.deadLetters += delta.deadLetters;
    m.retries += delta.retries;
    task.inFlight = delta.inFlight;
    task.maxInFlight = delta.maxInFlight;
    // Each task has the job's in-flight budget: the job's is their sum.
    m.maxInFlight = this.tasks.reduce((sum, t) => sum + t.maxInFlight, 0);
  }

  private post(task: Task, message: ToTask): void {
    task.worker?.postMessage(message);
  }

  /**
   * The plain data a task starts from: the job, its services (as stored) and the folders of the
   * plugins it uses, which the task imports again. A plugin registered in-process has no folder.
   */
  private async workerData(): Promise<Omit<TaskWorkerData, 'task'>> {
    const { connector, deps } = this;
    const services = await Promise.all(servicesOf(connector).map((name) => deps.services.get(name)));
    const providerOf = new Map(services.map((s) => [s.name, s.provider]));
    const ids = new Set<string>();
    const use = (kind: 'service' | 'source' | 'middleware' | 'sink' | 'schemas', provider: string | undefined) => {
      const id = provider ? deps.registry.get(kind, provider)?.pluginId : undefined;
      if (id) ids.add(id);
    };
    for (const service of services) use('service', service.provider);
    use('source', providerOf.get(connector.source.service_name));
    for (const step of connector.middlewares ?? []) use('middleware', providerOf.get(step.service_name));
    for (const step of connector.sinks) use('sink', providerOf.get(step.service_name));
    for (const schema of connector.schemas ?? []) if (schema.service_name) use('schemas', providerOf.get(schema.service_name));
    const plugins: TaskWorkerData['plugins'] = [];
    for (const id of ids) {
      const record = deps.registry.record(id);
      if (!record?.dir || record.origin === 'inline') {
        throw new ConfigValidationError([{
          path: 'tasks',
          message: `job "${connector.name}" cannot run tasks = ${this.count}: plugin "${id}" was registered in-process, so a worker thread cannot load it; load it from its folder (MSTREAM_PLUGIN_PATH, node_modules) or use tasks = 1`,
        }]);
      }
      plugins.push({ dir: record.dir, origin: record.origin });
    }
    const filesRoot = deps.validator.filesRoot;
    const dataDir = deps.dataDir ?? filesRoot.dataDir ?? process.env.MSTREAM_DATA_DIR ?? './data';
    return {
      connector,
      services,
      plugins,
      dataDir,
      filesRoot: filesRoot.root,
      schemasResource: deps.capabilities.schemasResource,
      stableHostId: deps.stableHostId,
      stopGraceMs: deps.stopGraceMs,
      logLevel: (deps.logger as { level?: string }).level ?? 'info',
    };
  }
}

/**
 * A task's thread. Built, the host starts task-worker.js; from the TypeScript sources (tests,
 * benches under `--import tsx`) a worker does not inherit the loader, so it registers tsx first.
 */
function startWorker(data: TaskWorkerData, name: string): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./task-worker.js', here), { workerData: data, name });
  const entry = new URL('./task-worker.ts', here).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((m) => m.register()).then(() => import(${JSON.stringify(entry)}))`;
  return new Worker(code, { eval: true, workerData: data, name });
}
