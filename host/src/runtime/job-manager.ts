import { ConfigValidationError, ConflictError, NotFoundError, isMstreamError, type ConnectorHealth, type Logger } from '@mstream/sdk';
import type { ConnectorConfig } from '../config/config-types.js';
import { validateConnector } from '../config/validate-connector.js';
import { compareNames } from '../config/compare-names.js';
import type { HostCodecs } from '../codecs/host-codecs.js';
import type { ServiceManager } from '../services/service-manager.js';
import type { ServiceCapabilities } from '../services/service-capabilities.js';
import type { OptionsValidator } from '../registry/options-validator.js';
import type { PluginRegistry } from '../registry/plugin-registry.js';
import type { PluginScopes } from '../registry/plugin-scopes.js';
import type { JobRecord, Stores } from '../stores/store-types.js';
import { DEFAULT_LEASE_TTL_MS, JobLease } from './job-lease.js';
import { JobMetrics } from './job-metrics.js';
import type { JobRunner } from './job-runner.js';
import { JobTaps, type TapStage } from './job-tap.js';
import { runPipeline } from './pipeline-run.js';
import { servicesOf } from './services-of.js';
import { TaskGroup } from './task-group.js';
import { JobTroubles } from './job-troubles.js';
import { STALL_AFTER_MS, watchStalls } from './stall-watch.js';
import { dryRun, type DryRunResult } from './dry-run.js';

export interface JobManagerDeps {
  stores: Stores;
  services: ServiceManager;
  capabilities: ServiceCapabilities;
  registry: PluginRegistry;
  scopes: PluginScopes;
  validator: OptionsValidator;
  codecs: HostCodecs;
  logger: Logger;
  /** Grace period for in-flight batches when a job stops. */
  stopGraceMs?: number;
  /** This host's identity in job leases (see job-lease.ts). */
  hostId: string;
  /**
   * This host's identity across restarts (MSTREAM_HOST_ID, else the id kept in the data folder),
   * given to connectors as `hostId` (e.g. in a Kafka transactional.id). Default `hostId`.
   */
  stableHostId?: string;
  /** Lease length for exclusive jobs when the job store is shared. */
  leaseTtlMs?: number;
  /** The host's data folder, for the plugin data of jobs with `tasks > 1` (their worker threads). */
  dataDir?: string;
}

interface ActiveJob {
  metrics: JobMetrics;
  /** Waiting for the lease another host holds (exclusive jobs on a shared job store). */
  standby?: boolean;
  abort: AbortController;
  stopRequested: boolean;
  runner?: JobRunner;
  /** `tasks = N > 1`: the worker threads running the job instead of `runner`. */
  group?: TaskGroup;
  /** Live taps of this run (GET /jobs/{name}/tap); closed when the job stops. */
  taps: JobTaps;
  /** Trouble its steps' clients retry on their own (ConnectorContext.health, stalls), shown as retrying. */
  troubles?: JobTroubles;
  done: Promise<void>;
}

/**
 * Creates, starts, stops and deletes jobs and keeps their stored records in step with reality.
 * A job's run happens in the background: the API returns as soon as the job is accepted, and
 * the record shows `running`, `stopped` or `failed` with the reason.
 */
export class JobManager {
  private readonly active = new Map<string, ActiveJob>();
  private readonly lastMetrics = new Map<string, JobMetrics>();

  constructor(private readonly deps: JobManagerDeps) {}

  list(): Promise<JobRecord[]> {
    return this.deps.stores.jobs.list().then((jobs) => jobs.sort((a, b) => compareNames(a.name, b.name)).map((job) => this.local(job)));
  }

  async get(name: string): Promise<JobRecord> {
    const job = await this.deps.stores.jobs.get(name);
    if (!job) throw new NotFoundError(`job "${name}" not found`);
    return this.local(job);
  }

  /** The stored record plus what only this host knows: whether it stands by for the job's lease. */
  private local(job: JobRecord): JobRecord {
    return this.active.get(job.name)?.standby ? { ...job, standby: true } : job;
  }

  /** Live metrics of a running job; undefined for a job that is not running. */
  metrics(name: string): JobMetrics | undefined {
    return this.active.get(name)?.metrics;
  }

  /** Jobs this host runs right now (stopping ones included): what a forced exit would abandon. */
  activeJobNames(): string[] {
    return [...this.active.keys()];
  }

  runningMetrics(): JobMetrics[] {
    return [...this.active.values()].map((a) => a.metrics);
  }

  /** Every problem with a connector definition, checked against the current services and plugins. */
  async check(connector: unknown, path = 'connector'): Promise<void> {
    const services = await this.deps.services.list();
    const byName = new Map(services.map((s) => [s.name, s]));
    const issues = validateConnector(connector, path, (n) => byName.get(n), this.deps.registry, this.deps.validator);
    if (issues.length) throw new ConfigValidationError(issues);
  }

  /** Validates, stores and starts a job. A running job with the same name is a conflict. */
  async create(connector: ConnectorConfig, { path = 'connector' }: { path?: string } = {}): Promise<JobRecord> {
    await this.check(connector, path);
    if (this.active.has(connector.name)) throw new ConflictError(`job "${connector.name}" is already running`);
    const now = new Date().toISOString();
    const existing = await this.deps.stores.jobs.get(connector.name);
    const record: JobRecord = {
      name: connector.name,
      state: 'running',
      desired_state: 'running',
      linked_services: [],
      pipeline: connector,
      created_at: existing?.created_at ?? now,
      updated_at: now,
    };
    return this.launch(record);
  }

  /**
   * POST /jobs/dry-run: validates the connector like `create`, then reads up to `count` events
   * from its source without side effects and returns what each sink would have been given.
   */
  async dryRun(connector: ConnectorConfig, count: number, timeoutMs: number, { path = 'connector' }: { path?: string } = {}): Promise<DryRunResult> {
    await this.check(connector, path);
    const { deps } = this;
    return dryRun(connector, count, timeoutMs, { ...deps, stableHostId: deps.stableHostId ?? deps.hostId, checkpoints: deps.stores.checkpoints });
  }

  /** Validates `connector`, stops the job of that name if it runs, then starts it with the new definition (checkpoints kept). */
  async replace(connector: ConnectorConfig, { path = 'connector' }: { path?: string } = {}): Promise<JobRecord> {
    await this.check(connector, path);
    await this.halt(connector.name);
    return this.create(connector, { path });
  }

  /**
   * Stops the named jobs that run here, runs `work` (replacing a service they use), then starts
   * them again with their stored definitions, so none of them sees its connection closed mid-batch.
   */
  async restartAround(names: string[], work: () => Promise<void>): Promise<void> {
    const running = names.filter((name) => this.active.has(name));
    await Promise.all(running.map((name) => this.halt(name)));
    try {
      await work();
    } finally {
      for (const name of running) {
        await this.restart(name).catch((error) => this.deps.logger.error({ job_name: name, err: (error as Error).message }, 'cannot restart job after its service changed'));
      }
    }
  }

  async stop(name: string): Promise<JobRecord> {
    const record = await this.get(name);
    // Recorded first, so a host standing by for this job's lease does not take it over.
    if (record.desired_state !== 'stopped') await this.save({ ...record, desired_state: 'stopped' });
    await this.halt(name);
    const latest = (await this.deps.stores.jobs.get(name)) ?? record;
    return this.save({ ...latest, desired_state: 'stopped', state: latest.state === 'failed' ? 'failed' : 'stopped' });
  }

  async restart(name: string): Promise<JobRecord> {
    const record = await this.get(name);
    await this.halt(name);
    await this.check(record.pipeline, 'pipeline');
    return this.launch({ ...record, desired_state: 'running' });
  }

  /** Stops the job and forgets it, with its checkpoints and dead letters. */
  async delete(name: string): Promise<void> {
    await this.get(name);
    await this.halt(name);
    await this.deps.stores.jobs.delete(name);
    await this.deps.stores.checkpoints.delete(name);
    await this.deps.stores.deadLetters.deleteAll(name);
    this.lastMetrics.delete(name);
  }

  /**
   * Moves a stopped job's position (Kafka Connect's offsets API): `undefined` forgets every
   * checkpoint, so the next run starts where the source starts without one; bytes become the
   * newest checkpoint, so the next run resumes there. A running job would overwrite it: 409.
   */
  async setPosition(name: string, cursor: Uint8Array | undefined): Promise<void> {
    const record = await this.get(name);
    if (this.active.has(name) || record.state === 'running') {
      throw new ConflictError(`job "${name}" is running${record.owner ? ` (on ${record.owner})` : ''}: stop it first, then change its position`);
    }
    if (cursor === undefined) await this.deps.stores.checkpoints.delete(name);
    else await this.deps.stores.checkpoints.save(name, cursor);
    this.deps.logger.info({ job_name: name, position: cursor === undefined ? 'reset' : 'set' }, 'job position changed through the API');
  }

  /**
   * What re-drives the running job's dead letters (its runner, or with `tasks > 1` its first
   * running task), or a 409 explaining that re-drive needs a running job.
   */
  runner(name: string): Pick<JobRunner, 'redrive'> {
    const active = this.active.get(name);
    const runner = active?.runner ?? active?.group;
    if (!runner) throw new ConflictError(`job "${name}" is not running; start it to re-drive dead letters`);
    return runner;
  }

  /**
   * The taps of a running job, for a stage it has: 404 for an unknown job, 409 when it does not
   * run here, 400 (naming `query.stage`) for a middleware or sink index it does not have.
   */
  async taps(name: string, stage: TapStage, stageText: string): Promise<JobTaps> {
    await this.get(name);
    const active = this.active.get(name);
    if (!active || active.standby || active.stopRequested) throw new ConflictError(`job "${name}" is not running on this host; start it to tap its events`);
    // Its events flow in worker threads, whose taps this thread cannot reach.
    if (active.group) throw new ConflictError(`job "${name}" runs ${active.group.count} tasks in worker threads; taps need tasks = 1`);
    if (!active.taps.has(stage)) {
      const count = stage.kind === 'middleware' ? active.taps.middlewares.length : active.taps.sinks.length;
      throw new ConfigValidationError([{ path: 'query.stage', message: `job "${name}" has no ${stageText}: it has ${count} ${stage.kind}${count === 1 ? '' : 's'} (0-based)` }]);
    }
    return active.taps;
  }

  /** Job names whose definition references a service. */
  async jobsUsing(service: string): Promise<string[]> {
    const jobs = await this.list();
    return jobs
      .filter((job) => job.desired_state === 'running' || job.linked_services.includes(service))
      .filter((job) => servicesOf(job.pipeline).includes(service))
      .map((job) => job.name);
  }

  /** Stops every running job without changing what it should do at the next start. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.active.keys()].map((name) => this.halt(name)));
  }

  private async halt(name: string): Promise<void> {
    const active = this.active.get(name);
    if (!active) return;
    active.stopRequested = true;
    active.abort.abort(new Error('job stopping'));
    await (active.runner ?? active.group)?.stop();
    await active.done;
  }

  private async launch(record: JobRecord): Promise<JobRecord> {
    const now = new Date().toISOString();
    const started = await this.save({
      ...record,
      state: 'running',
      desired_state: 'running',
      started_at: now,
      stopped_at: undefined,
      error: undefined,
      linked_services: servicesOf(record.pipeline),
    });
    const pipeline = started.pipeline;
    const taps = new JobTaps(pipeline.middlewares?.length ?? 0, pipeline.sinks.length);
    const active: ActiveJob = { metrics: new JobMetrics(), abort: new AbortController(), stopRequested: false, taps, done: Promise.resolve() };
    this.active.set(record.name, active);
    this.lastMetrics.set(record.name, active.metrics);
    active.done = this.runJob(started.pipeline, active)
      .then(
        () => this.finish(record.name, active, undefined),
        (error) => this.finish(record.name, active, active.stopRequested ? undefined : error),
      )
      .finally(() => taps.close());
    return started;
  }

  /**
   * Runs the job; an exclusive one (its source gives every reader every event) only while this
   * host holds its lease, standing by otherwise and again after losing it.
   */
  private async runJob(connector: ConnectorConfig, active: ActiveJob): Promise<void> {
    const lease = await this.leaseFor(connector);
    if (!lease) return this.runPipeline(connector, active);
    const logger = this.deps.logger.child({ job_name: connector.name });
    const wanted = async () => (await this.deps.stores.jobs.get(connector.name))?.desired_state === 'running';
    while (!active.stopRequested) {
      // Not running it here until the lease is ours (another host holds it, or the store is out of reach).
      active.standby = true;
      const held = await lease
        .acquire(active.abort.signal, wanted, () => logger.info({ host_id: lease.owner }, 'standing by: another host runs this job'))
        .finally(() => (active.standby = false));
      if (!held) return;
      logger.info({ host_id: lease.owner }, 'holding the job lease');
      // The previous holder may have recorded the job stopped when it shut down and handed over.
      await this.update(connector.name, { owner: lease.owner, state: 'running', started_at: new Date().toISOString(), error: undefined });
      const lost = new AbortController();
      lease.keep((why) => {
        logger.warn({ reason: why }, 'job lease lost: stopping here, another host takes over');
        lost.abort(new Error(why));
      });
      try {
        await this.runPipeline(connector, active, lost.signal);
      } finally {
        await lease.release();
      }
      if (!lost.signal.aborted) return;
    }
  }

  /**
   * The job's lease when the job store is shared and the job must run on one host at a time: its
   * source is exclusive, or it is exactly-once (kafkajs cannot fence the transactional offset
   * commits of a member that lost its partitions in a rebalance, so hosts must not split it).
   */
  private async leaseFor(connector: ConnectorConfig): Promise<JobLease | undefined> {
    const leases = this.deps.stores.leases;
    if (!leases) return undefined;
    const provider = await this.deps.services.providerOf(connector.source.service_name);
    const source = provider ? this.deps.registry.get('source', provider) : undefined;
    const exclusive = (source?.definition as { exclusive?: boolean } | undefined)?.exclusive;
    if (!exclusive && connector.delivery !== 'exactly_once') return undefined;
    const logger = this.deps.logger.child({ job_name: connector.name });
    return new JobLease(leases, connector.name, this.deps.hostId, this.deps.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS, logger);
  }

  /**
   * Builds and runs the pipeline until the job stops, fails, or `lost` aborts (lease gone): in this
   * thread, or with `tasks = N > 1` as N worker threads (task-group.ts) shown as this one job.
   */
  private async runPipeline(connector: ConnectorConfig, active: ActiveJob, lost?: AbortSignal): Promise<void> {
    const { deps } = this;
    const events = {
      onRetrying: (stage: string, error: unknown, attempt: number) => void this.markRetrying(connector.name, stage, error, attempt),
      onRecovered: () => void this.markRecovered(connector.name),
      onBuilt: (pluginVersions: Record<string, string>) => this.update(connector.name, { plugin_versions: pluginVersions }),
    };
    const logger = deps.logger.child({ job_name: connector.name });
    const troubles = new JobTroubles((current) => {
      if (current) void this.markTrouble(connector.name, current.stage, current.reason);
      else void this.markRecovered(connector.name);
    });
    active.troubles = troubles;
    const health = (stage: string): ConnectorHealth => ({
      degraded: (reason) => {
        // Clients repeat their reports (each reconnect attempt): log a reason once.
        if (troubles.report(stage, reason)) logger.warn({ stage, reason }, 'a step reports trouble its client is retrying');
      },
      recovered: () => troubles.clear(stage),
    });
    // Batches wait up to max_wait_ms to fill: only a wait beyond that is a stall.
    const stallAfterMs = (connector.batch?.max_wait_ms ?? 100) + STALL_AFTER_MS;
    const stopWatching = watchStalls(active.metrics, stallAfterMs, (reason) => (reason ? troubles.report('sinks', reason) : troubles.clear('sinks')));
    const stableHostId = deps.stableHostId ?? deps.hostId;
    try {
      if ((connector.tasks ?? 1) > 1) {
        // Task threads build their own pipelines and forward their connectors' health reports.
        const onHealth = (stage: string, reason: string | undefined) => (reason ? health(stage).degraded(reason) : health(stage).recovered());
        const group = new TaskGroup(connector, { ...deps, stableHostId }, active.metrics, { ...events, onHealth });
        active.group = group;
        const stopOnLoss = () => void group.stop();
        lost?.addEventListener('abort', stopOnLoss, { once: true });
        try {
          if (active.stopRequested || lost?.aborted) return;
          await group.run();
        } finally {
          lost?.removeEventListener('abort', stopOnLoss);
          if (lost?.aborted) active.group = undefined;
        }
        return;
      }
      const runDeps = { ...deps, checkpoints: deps.stores.checkpoints, deadLetters: deps.stores.deadLetters, stableHostId, health };
      await runPipeline(connector, active, runDeps, events, lost);
    } finally {
      stopWatching();
    }
  }

  private async finish(name: string, active: ActiveJob, error: unknown): Promise<void> {
    if (this.active.get(name) === active) this.active.delete(name);
    const record = await this.deps.stores.jobs.get(name);
    if (!record) return;
    // A host that stood by for an exclusive job leaves the record to the host running it.
    if (!error && record.owner && record.owner !== this.deps.hostId) return;
    const now = new Date().toISOString();
    if (error) {
      const message = (error as Error)?.message ?? String(error);
      this.deps.logger.error({ job_name: name, err: message, code: isMstreamError(error) ? error.code : undefined }, 'job failed');
      await this.save({
        ...record,
        state: 'failed',
        stopped_at: now,
        linked_services: [],
        error: { code: isMstreamError(error) ? error.code : 'MS_ERR_INTERNAL', message, at: now },
      });
    } else {
      this.deps.logger.info({ job_name: name }, 'job stopped');
      await this.save({ ...record, state: 'stopped', stopped_at: now, linked_services: [], error: undefined });
    }
  }

  private async markRetrying(name: string, stage: string, error: unknown, attempt: number): Promise<void> {
    const message = `${stage}: ${(error as Error)?.message ?? String(error)} (retry ${attempt})`;
    await this.update(name, { error: { code: isMstreamError(error) ? error.code : 'MS_ERR_INTERNAL', message, at: new Date().toISOString(), retrying: true } });
  }

  /** A step's client is retrying by itself (see JobTroubles): shown like a retry of the host's. */
  private async markTrouble(name: string, stage: string, reason: string): Promise<void> {
    await this.update(name, { error: { code: 'MS_ERR_CONNECTION', message: `${stage}: ${reason}`, at: new Date().toISOString(), retrying: true } });
  }

  private async markRecovered(name: string): Promise<void> {
    // A retried step succeeded, but a client may still report trouble of its own.
    const open = this.active.get(name)?.troubles?.current();
    if (open) return this.markTrouble(name, open.stage, open.reason);
    const record = await this.deps.stores.jobs.get(name);
    if (record?.error?.retrying) await this.save({ ...record, error: undefined });
  }

  private async update(name: string, patch: Partial<JobRecord>): Promise<void> {
    const record = await this.deps.stores.jobs.get(name);
    if (record && this.active.has(name)) await this.save({ ...record, ...patch });
  }

  private async save(record: JobRecord): Promise<JobRecord> {
    // `standby` describes this host, not the job: it is never stored.
    const { standby: _standby, ...job } = record;
    const next = { ...job, updated_at: new Date().toISOString() };
    await this.deps.stores.jobs.put(next);
    return next;
  }
}

export { servicesOf };
