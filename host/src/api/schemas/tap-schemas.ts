import { ENCODINGS } from '@mstream/sdk';
import { ANY, BOOLEAN, COUNT, object, STRING, STRING_MAP, TIMESTAMP, type JsonSchema } from './json-schema.js';

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
