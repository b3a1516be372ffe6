import type { ConnectorHealth, Logger } from '@mstream/sdk';
import type { ConnectorConfig } from '../config/config-types.js';
import type { HostCodecs } from '../codecs/host-codecs.js';
import type { ServiceCapabilities } from '../services/service-capabilities.js';
import type { ServiceManager } from '../services/service-manager.js';
import type { OptionsValidator } from '../registry/options-validator.js';
import type { PluginRegistry } from '../registry/plugin-registry.js';
import type { PluginScopes } from '../registry/plugin-scopes.js';
import type { CheckpointStore, DeadLetterStore } from '../stores/store-types.js';
import { DEFAULT_RETRY, withRetry, type RetrySettings } from './backoff.js';
import { BatchProcessor } from './batch-processor.js';
import { Checkpointer } from './checkpointer.js';
import { ErrorPolicyHandler } from './error-policy.js';
import { EventConverter } from './event-converter.js';
import type { JobMetrics } from './job-metrics.js';
import { JobRunner } from './job-runner.js';
import type { JobTaps } from './job-tap.js';
import { buildPipeline, type BuiltPipeline } from './pipeline-builder.js';
import { resolveSchemas } from './resolve-schemas.js';

/** What building and running one reader of a job needs: the host's, or a task worker's own. */
export interface PipelineRunDeps {
  checkpoints: CheckpointStore;
  deadLetters: DeadLetterStore;
  services: ServiceManager;
  capabilities: ServiceCapabilities;
  registry: PluginRegistry;
  scopes: PluginScopes;
  validator: OptionsValidator;
  codecs: HostCodecs;
  logger: Logger;
  stableHostId: string;
  stopGraceMs?: number;
  /** Where the connectors report trouble their clients retry on their own (ConnectorContext.health). */
  health?: (stage: string) => ConnectorHealth;
}

/** The run's live state, shared with whoever stops it (the job manager, a task worker). */
export interface PipelineRunState {
  abort: AbortController;
  stopRequested: boolean;
  metrics: JobMetrics;
  taps: JobTaps;
  runner?: JobRunner;
}

export interface PipelineRunEvents {
  onRetrying(stage: string, error: unknown, attempt: number): void;
  onRecovered(): void;
  /** The pipeline is built: the plugin versions it runs with, recorded on the job. */
  onBuilt(pluginVersions: Record<string, string>): Promise<void>;
  /** Task threads only: a connector's health report forwarded from the thread (reason undefined: recovered). */
  onHealth?(stage: string, reason: string | undefined): void;
}

export function retrySettings(connector: ConnectorConfig): RetrySettings {
  return {
    initialBackoffMs: connector.retry?.initial_backoff_ms ?? DEFAULT_RETRY.initialBackoffMs,
    maxBackoffMs: connector.retry?.max_backoff_ms ?? DEFAULT_RETRY.maxBackoffMs,
    maxAttempts: connector.retry?.max_attempts ?? DEFAULT_RETRY.maxAttempts,
  };
}

/** Builds and runs the job's pipeline until it stops, fails, or `lost` aborts (lease gone). */
export async function runPipeline(connector: ConnectorConfig, active: PipelineRunState, deps: PipelineRunDeps, events: PipelineRunEvents, lost?: AbortSignal): Promise<void> {
  const logger = deps.logger.child({ job_name: connector.name });
  const retry = retrySettings(connector);
  const batchSize = connector.batch?.size ?? 1;
  const batch = {
    size: batchSize,
    maxWaitMs: connector.batch?.max_wait_ms ?? 100,
    maxInFlight: Math.max(connector.max_in_flight ?? batchSize * 4, batchSize),
  };
  // Services may be down when the job starts: connecting is retried like any other step.
  const exactlyOnce = connector.delivery === 'exactly_once';
  const pipeline: BuiltPipeline = await withRetry(() => buildPipeline(connector, batch, deps), retry, active.abort.signal, {
    onRetry: (error, attempt) => events.onRetrying('services', error, attempt),
    onRecover: () => events.onRecovered(),
  });
  try {
    if (active.stopRequested) return;
    const schemas = await resolveSchemas(connector.schemas, (service, id) => deps.capabilities.fetchSchema(service, id, active.abort.signal));
    const converter = new EventConverter(deps.codecs, schemas);
    active.taps.decoder = (event) => converter.decode(event);
    active.taps.sourceSchemaId = connector.source.schema_id;
    const policy = new ErrorPolicyHandler(connector.name, connector.on_error ?? 'dead_letter', deps.deadLetters, active.metrics, logger);
    const checkpointer = new Checkpointer(
      connector.name,
      deps.checkpoints,
      connector.checkpoint?.interval_ms ?? 1000,
      logger,
      // Exactly-once: the position is what the source committed in its transactions, nothing else.
      (connector.checkpoint?.enabled ?? true) && !exactlyOnce,
    );
    const runner = new JobRunner(
      connector,
      pipeline,
      (hooks) => new BatchProcessor(pipeline, converter, policy, retry, hooks, active.taps),
      checkpointer,
      active.metrics,
      {
        batchSize: batch.size,
        maxWaitMs: batch.maxWaitMs,
        maxInFlight: batch.maxInFlight,
        retry,
        stopGraceMs: deps.stopGraceMs ?? 5000,
        exactlyOnce,
      },
      events,
      logger,
    );
    active.runner = runner;
    await events.onBuilt(pipeline.pluginVersions);
    if (active.stopRequested || lost?.aborted) return void (await runner.stop());
    const stopOnLoss = () => void runner.stop();
    lost?.addEventListener('abort', stopOnLoss, { once: true });
    try {
      await runner.run();
    } finally {
      lost?.removeEventListener('abort', stopOnLoss);
      await runner.stop();
    }
  } finally {
    if (!active.runner) await closePipeline(pipeline);
    // After losing the lease the job may run here again later, with a new runner.
    if (lost?.aborted) active.runner = undefined;
  }
}

async function closePipeline(pipeline: BuiltPipeline): Promise<void> {
  await Promise.allSettled([
    pipeline.source.instance.close(),
    ...pipeline.middlewares.map((m) => m.instance.close?.()),
    ...pipeline.sinks.map((s) => s.instance.close()),
  ]);
}
