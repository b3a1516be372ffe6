import { isMstreamError, UnsupportedOperationError, type Sink, type StreamEvent } from '@mstream/sdk';
import type { ConnectorConfig, StepConfig } from '../config/config-types.js';
import { BatchProcessor, stageOfError } from './batch-processor.js';
import type { ErrorPolicyHandler } from './error-policy.js';
import { EventConverter } from './event-converter.js';
import { JobTaps, type TapEvent } from './job-tap.js';
import { buildPipeline, type BuildDeps, type BuiltPipeline } from './pipeline-builder.js';
import { resolveSchemas } from './resolve-schemas.js';
import type { HostCodecs } from '../codecs/host-codecs.js';
import type { CheckpointStore } from '../stores/store-types.js';
import type { ServiceCapabilities } from '../services/service-capabilities.js';

export const DRY_RUN_DEFAULT_EVENTS = 5;
export const DRY_RUN_MAX_EVENTS = 100;
export const DRY_RUN_DEFAULT_TIMEOUT_MS = 5000;
export const DRY_RUN_MAX_TIMEOUT_MS = 30_000;

export interface DryRunSinkOutput {
  service_name: string;
  resource: string;
  stage: string;
  encoding: string;
  key: string | null;
  payload_format: TapEvent['payload_format'];
  payload: unknown;
  truncated: boolean;
}

export interface DryRunError {
  message: string;
  code: string;
  /** `source`, `middlewares[N]` or `sinks[N]`, as in dead letters. */
  stage: string;
}

export interface DryRunEvent {
  source: TapEvent;
  sinks: DryRunSinkOutput[];
  error: DryRunError | null;
}

export interface DryRunResult {
  events: DryRunEvent[];
  read: number;
  timed_out: boolean;
}

export interface DryRunDeps extends BuildDeps {
  codecs: HostCodecs;
  capabilities: ServiceCapabilities;
  checkpoints: CheckpointStore;
}

/**
 * POST /jobs/dry-run: reads up to `events` events from the job's source opened for a dry run
 * (no commits, no acks), runs each one through decoding, the middlewares, schema validation and
 * the sinks' encoding exactly as the job's batch processor does, and keeps what each sink would
 * have been given instead of writing it. Events are processed one at a time, so an event that
 * fails is reported with its stage and the others go on.
 */
export async function dryRun(connector: ConnectorConfig, count: number, timeoutMs: number, deps: DryRunDeps): Promise<DryRunResult> {
  const provider = await deps.services.providerOf(connector.source.service_name);
  const definition = provider ? (deps.registry.get('source', provider)?.definition as { dryRun?: boolean } | undefined) : undefined;
  if (!definition?.dryRun) {
    throw new UnsupportedOperationError(
      `the ${provider ?? 'unknown'} source cannot be read without side effects, so it cannot be dry-run (sources that can: those whose plugin declares dryRun, e.g. kafka, pubsub, mongodb and datagen)`,
    );
  }
  const deadline = AbortSignal.timeout(timeoutMs);
  let captured: DryRunSinkOutput[] = [];
  const taps = new JobTaps(0, 0);
  const stub = (stage: string, step: StepConfig): Sink => {
    return {
      write: async (events: StreamEvent[]) => {
        for (const event of events) {
          const view = taps.view(stage, event);
          captured.push({
            service_name: step.service_name,
            resource: step.resource,
            stage,
            encoding: view.encoding,
            key: view.key,
            payload_format: view.payload_format,
            payload: view.payload,
            truncated: view.truncated,
          });
        }
      },
      close: async () => undefined,
    };
  };
  // The job's batch size (middlewares may look at it), but room to hold every event read unacknowledged.
  const batch = { size: connector.batch?.size ?? 1, maxWaitMs: 0, maxInFlight: Math.max(count, connector.batch?.size ?? 1) };
  const pipeline: BuiltPipeline = await buildPipeline(connector, batch, deps, { sinkStub: stub });
  try {
    const schemas = await resolveSchemas(connector.schemas, (service, id) => deps.capabilities.fetchSchema(service, id, deadline));
    const converter = new EventConverter(deps.codecs, schemas);
    taps.decoder = (event) => converter.decode(event);
    taps.sourceSchemaId = connector.source.schema_id;

    // Where the job would start: its checkpoint (none for exactly-once jobs, whose source keeps the position).
    const checkpointing = (connector.checkpoint?.enabled ?? true) && connector.delivery !== 'exactly_once';
    const latest = checkpointing ? await deps.checkpoints.latest(connector.name) : undefined;
    const position = latest ? new Uint8Array(Buffer.from(latest.cursor, 'base64')) : undefined;

    const read: StreamEvent[] = [];
    let timedOut = false;
    try {
      await pipeline.source.instance.open(position, deadline);
      while (read.length < count && !deadline.aborted) {
        read.push(...(await pipeline.source.instance.read(count - read.length, deadline)));
      }
    } catch (error) {
      if (!deadline.aborted) throw error;
    }
    if (read.length < count) timedOut = true;
    read.splice(count);

    let rejected: DryRunError | null = null;
    const errors = {
      reject: async (failures: Array<{ event: StreamEvent; error: unknown }>, stage: string) => {
        if (failures.length > 0 && !rejected) rejected = errorView(failures[0].error, stage);
      },
    } as unknown as ErrorPolicyHandler;
    const processor = new BatchProcessor(pipeline, converter, errors, { initialBackoffMs: 0, maxBackoffMs: 0, maxAttempts: 1 }, { onRetry: () => undefined, onRecover: () => undefined });
    // Processing gets its own time budget: the read may have used up the request's.
    const processing = AbortSignal.timeout(timeoutMs);
    const out: DryRunEvent[] = [];
    for (const event of read) {
      captured = [];
      rejected = null;
      try {
        await processor.process([event], processing);
      } catch (error) {
        rejected ??= errorView(error, stageOfError(error) ?? 'source');
      }
      out.push({ source: taps.view('source', event), sinks: captured, error: rejected });
    }
    return { events: out, read: read.length, timed_out: timedOut };
  } finally {
    await Promise.allSettled([pipeline.source.instance.close(), ...pipeline.middlewares.map((m) => m.instance.close?.())]);
  }
}

function errorView(error: unknown, stage: string): DryRunError {
  return {
    message: (error as Error)?.message ?? String(error),
    code: isMstreamError(error) ? error.code : 'MS_ERR_INTERNAL',
    stage,
  };
}
