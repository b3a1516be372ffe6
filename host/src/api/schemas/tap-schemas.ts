import { ENCODINGS } from '@mstream/sdk';
import { ANY, arrayOf, BOOLEAN, COUNT, object, ref, STRING, STRING_MAP, TIMESTAMP, type JsonSchema } from './json-schema.js';

/** `stage=` of GET /jobs/{name}/tap. */
export const TAP_STAGE: JsonSchema = {
  type: 'string',
  pattern: '^(source|middleware:[0-9]+|sink:[0-9]+)$',
  description: '`source` (what the source delivered), `middleware:N` (the output of middleware N, 0-based) or `sink:N` (what sink N was given)',
};

const NULLABLE_STRING: JsonSchema = { type: 'string', nullable: true };

/** One sampled event of the live tap (runtime/job-tap.ts). */
export const TAP_SCHEMAS = {
  TapEvent: object(
    {
      stage: { ...STRING, description: '`source`, `middleware:N` or `sink:N`' },
      time: { ...TIMESTAMP, description: 'When the event passed the stage' },
      source_position: { ...NULLABLE_STRING, description: 'The source position: its text, or `base64:` and its bytes when binary' },
      key: { ...NULLABLE_STRING, description: 'The key: text, or `base64:` and its bytes when binary' },
      attributes: STRING_MAP,
      operation: STRING,
      encoding: { type: 'string', enum: [...ENCODINGS] },
      schema_id: NULLABLE_STRING,
      size: { ...COUNT, description: 'Payload bytes' },
      payload_format: {
        type: 'string',
        enum: ['json', 'base64', 'text'],
        description: '`json`: `payload` is the decoded document (BSON and Avro as flat JSON); `text`: the document\'s JSON text cut at 64 KiB; `base64`: it could not be decoded, the payload bytes (at most 64 KiB)',
      },
      payload: { ...ANY, description: 'The document, or a string (see `payload_format`)' },
      truncated: { ...BOOLEAN, description: 'The payload was longer than 64 KiB and is cut' },
      decode_error: { ...STRING, description: 'Why the payload could not be decoded (`payload_format` base64)' },
    },
    ['stage', 'time', 'source_position', 'key', 'attributes', 'operation', 'encoding', 'schema_id', 'size', 'payload_format', 'payload', 'truncated'],
    false,
  ),
} satisfies Record<string, JsonSchema>;

/** POST /jobs/dry-run (runtime/dry-run.ts). */
export const DRY_RUN_SCHEMAS = {
  DryRunRequest: object(
    {
      job: ref('Connector'),
      events: { type: 'integer', minimum: 1, maximum: 100, default: 5, description: 'How many source events to read (default 5)' },
      timeout_ms: { type: 'integer', minimum: 1, maximum: 30_000, default: 5000, description: 'How long to wait for them, connecting included (default 5000)' },
    },
    ['job'],
    false,
    'A job definition (the body of POST /jobs) to try on real source events, writing nothing',
  ),
  DryRunSinkOutput: object(
    {
      service_name: STRING,
      resource: STRING,
      stage: { ...STRING, description: '`sinks[N]`' },
      encoding: { type: 'string', enum: [...ENCODINGS] },
      key: NULLABLE_STRING,
      payload_format: { type: 'string', enum: ['json', 'base64', 'text'], description: 'As in TapEvent' },
      payload: { ...ANY, description: 'What the sink would have been given, decoded (see `payload_format`)' },
      truncated: BOOLEAN,
    },
    ['service_name', 'resource', 'stage', 'encoding', 'key', 'payload_format', 'payload', 'truncated'],
    false,
  ),
  DryRunEvent: object(
    {
      source: ref('TapEvent'),
      sinks: { ...arrayOf(ref('DryRunSinkOutput')), description: 'What each sink would have been given (several entries per sink when a middleware emitted several events)' },
      error: {
        ...object(
          {
            message: STRING,
            code: STRING,
            stage: { ...STRING, description: '`source`, `middlewares[N]` or `sinks[N]`: where the event failed' },
          },
          ['message', 'code', 'stage'],
          false,
        ),
        nullable: true,
        description: 'null, or why this event did not reach every sink (the dry run goes on with the next one)',
      },
    },
    ['source', 'sinks', 'error'],
    false,
  ),
  DryRunResult: object(
    {
      events: arrayOf(ref('DryRunEvent')),
      read: { ...COUNT, description: 'Events read from the source' },
      timed_out: { ...BOOLEAN, description: 'Fewer than `events` came within `timeout_ms`' },
    },
    ['events', 'read', 'timed_out'],
    false,
  ),
} satisfies Record<string, JsonSchema>;
