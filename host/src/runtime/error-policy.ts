import { randomUUID } from 'node:crypto';
import { isMstreamError, type Logger, type StreamEvent } from '@mstream/sdk';
import type { ErrorPolicy } from '../config/config-types.js';
import type { DeadLetter, DeadLetterStore } from '../stores/store-types.js';
import type { JobMetrics } from './job-metrics.js';

/** Thrown when the job's policy is `fail` and an event could not be processed. */
export class JobFailure extends Error {
  constructor(override readonly cause: unknown, readonly stage: string) {
    super(`${stage}: ${(cause as Error).message}`);
  }
}

/**
 * Applies the job's error policy to an event that could not be processed at a stage: store it
 * as a dead letter (default), skip it, or fail the job. Dead letters keep the bytes exactly as
 * they entered the failing stage, so re-driving resumes there.
 */
export class ErrorPolicyHandler {
  constructor(
    private readonly jobName: string,
    private readonly policy: ErrorPolicy,
    private readonly store: DeadLetterStore,
    private readonly metrics: JobMetrics,
    private readonly logger: Logger,
  ) {}

  async reject(failures: Array<{ event: StreamEvent; error: unknown }>, stage: string): Promise<void> {
    if (failures.length === 0) return;
    this.metrics.totalErrors += failures.length;
    const first = failures[0].error as Error;
    if (this.policy === 'fail') throw new JobFailure(first, stage);
    if (this.policy === 'skip') {
      this.logger.warn({ stage, count: failures.length, err: first.message }, 'skipped events that could not be processed');
      return;
    }
    const now = new Date().toISOString();
    await this.store.add(failures.map(({ event, error }) => toDeadLetter(this.jobName, stage, event, error, now)));
    this.metrics.deadLetters += failures.length;
    this.logger.warn({ stage, count: failures.length, err: first.message }, 'events sent to the dead-letter store');
  }
}

export function toDeadLetter(jobName: string, stage: string, event: StreamEvent, error: unknown, now: string): DeadLetter {
  return {
    id: randomUUID(),
    job_name: jobName,
    stage,
    code: isMstreamError(error) ? error.code : 'MS_ERR_INTERNAL',
    reason: (error as Error).message ?? String(error),
    payload: Buffer.from(event.payload).toString('base64'),
    encoding: event.encoding,
    attributes: { ...event.attributes },
    key: event.key === undefined ? undefined : typeof event.key === 'string' ? event.key : Buffer.from(event.key).toString('base64'),
    operation: event.operation,
    schema_id: event.schemaId,
    source_timestamp: event.sourceTimestamp,
    // Left out when absent: a store that writes undefined as null would hand back a null id.
    ...(event.id === undefined ? {} : { event_id: event.id }),
    attempts: 1,
    created_at: now,
    updated_at: now,
  };
}

/** Rebuilds the event a dead letter holds, for re-driving. */
export function fromDeadLetter(entry: DeadLetter): StreamEvent {
  return {
    position: new Uint8Array(0),
    id: entry.event_id ?? undefined,
    operation: entry.operation as StreamEvent['operation'],
    key: entry.key,
    payload: new Uint8Array(Buffer.from(entry.payload, 'base64')),
    encoding: entry.encoding as StreamEvent['encoding'],
    attributes: entry.attributes,
    sourceTimestamp: entry.source_timestamp,
    schemaId: entry.schema_id,
  };
}
