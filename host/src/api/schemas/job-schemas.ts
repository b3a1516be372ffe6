import { DELIVERIES, ENCODINGS } from '@mstream/sdk';
import { ID } from './params.js';
import { ANY, arrayOf, BOOLEAN, COUNT, envelope, NUMBER, object, ref, STRING, STRING_MAP, TIMESTAMP, type JsonSchema } from './json-schema.js';

const int = (minimum: number, maximum: number, description?: string): JsonSchema => ({ type: 'integer', minimum, maximum, ...(description ? { description } : {}) });
const ENCODING: JsonSchema = { type: 'string', enum: [...ENCODINGS] };

/**
 * Jobs: the connector definition (same shape as a `[[connectors]]` TOML entry) and what the API
 * shows of a job. Mirrors config/validate-connector.ts, which still checks what a schema cannot
 * (known services, provider options, schema ids); the fuzz test keeps the two in step.
 */
export const JOB_SCHEMAS= {
  Step: object(
    {
      service_name: { ...ID, description: 'A configured service (GET /services)' },
      resource: { ...STRING, description: 'Topic, collection, subscription, file, script… of that service' },
      output_encoding: ENCODING,
      input_encoding: { ...ENCODING, description: 'Encoding of the bytes a byte-oriented source emits' },
      schema_id: { ...STRING, description: 'An id of the connector\'s `schemas`' },
      validate_json: { ...BOOLEAN, description: 'Source and middleware steps: false skips the JSON validity scan of a json → json step (trusted sources); true asks for it where the source says its payloads are valid' },
      options: { type: 'object', additionalProperties: true, description: 'The provider\'s options (its options schema in GET /providers)' },
    },
    ['service_name', 'resource', 'output_encoding'],
    false,
    'Where a job reads, transforms or writes',
  ),
  JobSchemaRef: {
    ...object(
      {
        id: { type: 'string', minLength: 1 },
        encoding: { type: 'string', enum: ['avro', 'json'] },
        definition: { description: 'The schema, as text or as JSON' },
        file: STRING,
        service_name: STRING,
        resource: STRING,
      },
      ['id'],
      true,
      'A schema the job\'s steps refer to by id: exactly one of definition, file or service_name',
    ),
    oneOf: [{ required: ['definition'] }, { required: ['file'] }, { required: ['service_name'] }],
  },
  Connector: object(
    {
      name: ID,
      enabled: BOOLEAN,
      source: ref('Step'),
      middlewares: arrayOf(ref('Step')),
      sinks: arrayOf(ref('Step'), { minItems: 1 }),
      schemas: arrayOf(ref('JobSchemaRef')),
      batch: object({ kind: { type: 'string', enum: ['count'] }, size: int(1, 100_000), max_wait_ms: int(0, 3_600_000) }, ['size'], true),
      checkpoint: object({ enabled: BOOLEAN, interval_ms: int(0, 3_600_000) }, [], true),
      on_error: { type: 'string', enum: ['dead_letter', 'skip', 'fail'], description: 'What to do with an event that cannot be processed (default dead_letter)' },
      retry: object({ initial_backoff_ms: int(0, 86_400_000), max_backoff_ms: int(0, 86_400_000), max_attempts: int(0, 86_400_000) }, [], false),
      max_in_flight: int(1, 10_000_000, 'Bound on events read but not yet written by every sink'),
      delivery: {
        type: 'string',
        enum: [...DELIVERIES],
        description: 'at_least_once (default), or exactly_once: each batch in one transaction with the source positions (a Kafka source and Kafka sinks on one cluster)',
      },
      tasks: int(1, 64, 'Readers of the job on this host, each in a worker thread with its own pipeline (default 1: none). Above 1 only for sources whose readers share the work (a Kafka consumer group), not with exactly_once'),
    },
    ['name', 'source', 'sinks'],
    false,
    'A job definition, the same shape as a [[connectors]] TOML entry',
  ),
  Job: object(
    {
      name: ID,
      state: { type: 'string', enum: ['running', 'stopped', 'failed'] },
      desired_state: { type: 'string', enum: ['running', 'stopped'] },
      started_at: TIMESTAMP,
      stopped_at: TIMESTAMP,
      linked_services: arrayOf(STRING),
      pipeline: ref('Connector'),
      error: object({ code: STRING, message: STRING, at: TIMESTAMP, retrying: BOOLEAN }, ['code', 'message', 'at'], false, 'Why the job failed, or what it retries on'),
      plugin_versions: { ...STRING_MAP, description: 'Plugin id → version the job ran with' },
      owner: { ...STRING, description: 'The host holding the job\'s lease' },
      standby: { ...BOOLEAN, description: 'True when this host waits for the lease another host holds' },
      created_at: TIMESTAMP,
      updated_at: TIMESTAMP,
    },
    ['name', 'state', 'desired_state', 'linked_services', 'pipeline', 'created_at', 'updated_at'],
    false,
    'A job as stored, with its state',
  ),
  JobList: arrayOf(ref('Job'), { description: 'Every job, by name' }),
  JobEnvelope: envelope(ref('Job')),
  JobMetrics: object(
    {
      events_processed: COUNT,
      events_in_flight: { ...COUNT, description: 'Events read but not yet written by every sink (queued or being written): at most max_in_flight' },
      max_in_flight: { ...COUNT, description: "The job's in-flight budget (max_in_flight, default 4 × batch size); 0 when not running" },
      bytes_processed: COUNT,
      current_lag_seconds: NUMBER,
      throughput_per_second: NUMBER,
      total_errors: COUNT,
      dead_letters: COUNT,
      retries: COUNT,
      last_processed_at: { ...TIMESTAMP, nullable: true },
      tasks: arrayOf(ref('JobTaskMetrics'), { description: 'Jobs with tasks > 1 only: each task\'s own counters (the fields above are their sums)' }),
    },
    ['events_processed', 'events_in_flight', 'max_in_flight', 'bytes_processed', 'current_lag_seconds', 'throughput_per_second', 'total_errors', 'dead_letters', 'retries', 'last_processed_at'],
    false,
    'Live counters of a running job (zeros when it is not running)',
  ),
  JobTaskMetrics: object(
    {
      task: { ...COUNT, description: '0-based task index' },
      state: { type: 'string', enum: ['starting', 'running', 'restarting', 'stopped', 'failed'] },
      events_processed: COUNT,
      events_in_flight: COUNT,
      restarts: { ...COUNT, description: 'Times the task\'s thread crashed and was started again' },
    },
    ['task', 'state', 'events_processed', 'events_in_flight', 'restarts'],
    false,
    'One task (worker thread) of a job with tasks > 1',
  ),
  Checkpoint: object(
    {
      job_name: ID,
      updated_at: TIMESTAMP,
      cursor: { ...ANY, description: 'The position, readable: its JSON, `{ value }`, or `{ raw_base64, raw_bytes }` for binary positions' },
      cursor_base64: { ...STRING, description: 'The exact position bytes; PUT /jobs/{name}/checkpoints takes them back' },
    },
    ['job_name', 'updated_at', 'cursor', 'cursor_base64'],
    false,
  ),
  CheckpointList: arrayOf(ref('Checkpoint'), { maxItems: 20, description: 'Newest first' }),
  CheckpointEnvelope: envelope(ref('Checkpoint')),
  PositionRequest: {
    ...object(
      {
        from_history: { ...STRING, description: 'updated_at of an entry of GET /jobs/{name}/checkpoints' },
        cursor: { description: 'The position as JSON, for sources whose positions are JSON (e.g. an operator-supplied MongoDB resume token); exact bytes: cursor_base64' },
        cursor_base64: { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9+/]+={0,2}$', description: 'The raw position bytes, base64' },
      },
      [],
      false,
      'Exactly one of: from_history, cursor, cursor_base64',
    ),
    minProperties: 1,
    maxProperties: 1,
  },
} satisfies Record<string, JsonSchema>;
