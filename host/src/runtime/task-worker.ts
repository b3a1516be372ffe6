import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { UnsupportedOperationError } from '@mstream/sdk';
import { HostCodecs } from '../codecs/host-codecs.js';
import type { ServiceConfig } from '../config/config-types.js';
import { FilesRoot } from '../config/files-root.js';
import { loadPluginPackage } from '../discovery/load-plugins.js';
import type { PackageJson } from '../discovery/find-plugin-packages.js';
import { SecretScrubber } from '../logs/create-logger.js';
import { OptionsValidator } from '../registry/options-validator.js';
import { PluginRegistry } from '../registry/plugin-registry.js';
import { PluginScopes } from '../registry/plugin-scopes.js';
import { ServiceCapabilities } from '../services/service-capabilities.js';
import { ServiceManager } from '../services/service-manager.js';
import type { Checkpoint, CheckpointStore, DeadLetter, DeadLetterStore, ServiceStore } from '../stores/store-types.js';
import { ForwardingLogger } from './forwarding-logger.js';
import { JobMetrics } from './job-metrics.js';
import { JobTaps } from './job-tap.js';
import { runPipeline, type PipelineRunState } from './pipeline-run.js';
import { MetricsReporter } from './task-metrics.js';
import { fromWire, toWire, type FromTask, type TaskCallMethod, type TaskWorkerData, type ToTask } from './task-messages.js';

/**
 * One task of a job with `tasks = N > 1`, in its own worker thread: it loads the job's plugins,
 * connects its services and runs the job's pipeline with the normal runner, as the host's own
 * thread would for `tasks = 1`. What the runner keeps in host stores (checkpoints, dead letters),
 * its logs, counters and state go to the parent thread as messages (task-group.ts).
 */
const data = workerData as TaskWorkerData;
const port = parentPort!;
const send = (message: FromTask) => port.postMessage(message);

const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
let nextCall = 0;
function call<T>(method: TaskCallMethod, ...args: unknown[]): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const id = nextCall++;
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    send({ type: 'call', id, method, args });
  });
}

const unavailable = (what: string) => () => Promise.reject(new UnsupportedOperationError(`${what} is not available inside a job task`));
const checkpoints: CheckpointStore = {
  latest: (jobName) => call<Checkpoint | undefined>('checkpoints.latest', jobName),
  save: (jobName, cursor) => call<void>('checkpoints.save', jobName, cursor),
  history: unavailable('checkpoint history'),
  delete: unavailable('deleting checkpoints'),
};
const deadLetters: DeadLetterStore = {
  add: (entries: DeadLetter[]) => call<void>('deadLetters.add', entries),
  list: unavailable('listing dead letters'),
  get: unavailable('reading dead letters'),
  update: unavailable('updating dead letters'),
  delete: unavailable('deleting dead letters'),
  deleteAll: unavailable('deleting dead letters'),
};

const { connector } = data;
const logger = ForwardingLogger.create(send, data.logLevel);
const state: PipelineRunState = {
  abort: new AbortController(),
  stopRequested: false,
  metrics: new JobMetrics(),
  taps: new JobTaps(connector.middlewares?.length ?? 0, connector.sinks.length),
};

let stopping: Promise<void> | undefined;
port.on('message', (message: ToTask) => {
  if (message.type === 'reply') {
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiting?.reject(fromWire(message.error));
    else waiting?.resolve(message.value);
  } else if (message.type === 'stop') {
    state.stopRequested = true;
    state.abort.abort(new Error('job stopping'));
    // Awaited before `done`: a second runner.stop() returns before the first finished closing
    // (the consumer leaving its group), and the parent ends the thread on `done`.
    stopping = state.runner?.stop();
  } else if (message.type === 'redrive') {
    const runner = state.runner;
    const done = runner ? runner.redrive(message.entry) : Promise.reject(new Error('this task is not running yet'));
    done.then(
      () => send({ type: 'reply', id: message.id }),
      (error) => send({ type: 'reply', id: message.id, error: toWire(error) }),
    );
  }
});

const validator = new OptionsValidator({ filesRoot: new FilesRoot(data.filesRoot, { dataDir: data.dataDir }) });
const registry = new PluginRegistry(validator);
const codecs = new HostCodecs();
const scopes = new PluginScopes(logger, codecs, data.dataDir);
const services = new ServiceManager(memoryServiceStore(data.services), registry, scopes, new SecretScrubber(), logger, validator);
const capabilities = new ServiceCapabilities(services, registry, scopes, data.schemasResource);
const reporter = new MetricsReporter(state.metrics, (delta) => send({ type: 'metrics', delta }));
const timer = setInterval(() => reporter.report(), 200);

let failure: unknown;
try {
  for (const plugin of data.plugins) {
    const packageJson = JSON.parse(await readFile(path.join(plugin.dir, 'package.json'), 'utf8')) as PackageJson;
    const record = await loadPluginPackage(registry, { dir: plugin.dir, origin: plugin.origin, packageJson });
    if (record.status !== 'loaded') throw new Error(`plugin ${record.id} failed to load in the task: ${record.error?.message ?? 'unknown error'}`);
  }
  // So that connect errors raised here are scrubbed of the services' secrets, as in the host's thread.
  for (const service of data.services) {
    await registry.loadProvider(service.provider);
    services.rememberSecrets(service);
  }
  const deps = { checkpoints, deadLetters, services, capabilities, registry, scopes, validator, codecs, logger, stableHostId: data.stableHostId, stopGraceMs: data.stopGraceMs,
    // Its connectors' trouble reports go to the job in the host's thread, which shows them.
    health: (stage: string) => ({
      degraded: (reason: string) => send({ type: 'health', stage, reason }),
      recovered: () => send({ type: 'health', stage }),
    }) };
  if (!state.stopRequested) await runPipeline(connector, state, deps, {
    onRetrying: (stage, error, attempt) => send({ type: 'retrying', stage, error: toWire(error), attempt }),
    onRecovered: () => send({ type: 'recovered' }),
    onBuilt: (pluginVersions) => call<void>('built', pluginVersions),
  });
} catch (error) {
  if (!state.stopRequested) failure = error;
} finally {
  await stopping?.catch(() => undefined);
  clearInterval(timer);
  reporter.report();
  await services.closeAll();
  await registry.close((error) => logger.warn({ err: (error as Error).message }, 'plugin close hook failed'));
  await scopes.dispose();
  // Last: the parent ends the thread on this message (a client may leave a timer behind).
  send({ type: 'done', error: failure === undefined ? undefined : toWire(failure) });
}

/** The job's services, as the parent read them from its store. */
function memoryServiceStore(list: ServiceConfig[]): ServiceStore {
  const byName = new Map(list.map((service) => [service.name, service]));
  return {
    list: async () => [...byName.values()],
    get: async (name) => byName.get(name),
    put: unavailable('changing services'),
    delete: unavailable('removing services'),
  };
}
