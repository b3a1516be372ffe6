import { ENCODINGS } from '@mstream/sdk';
import { ID } from './params.js';
import { arrayOf, BOOLEAN, COUNT, NUMBER, object, ref, STRING, STRING_MAP, TIMESTAMP, type JsonSchema } from './json-schema.js';

/** Events a job could not process, kept with their payload for re-drive (stores/store-types.ts). */
export const DEAD_LETTER_SCHEMAS= {
  DeadLetter: object(
    {
      id: ID,
      job_name: ID,
      stage: { ...STRING, description: 'Where it failed: `source`, `middlewares[0]`, `sinks[1]`; re-drive resumes there' },
      code: { ...STRING, description: 'The error code of the failure' },
      reason: STRING,
      payload: { ...STRING, description: 'Base64 of the payload exactly as it entered the failing stage' },
      encoding: { type: 'string', enum: [...ENCODINGS] },
      attributes: STRING_MAP,
      key: STRING,
      operation: STRING,
      schema_id: STRING,
      source_timestamp: NUMBER,
      attempts: { ...COUNT, description: 'How often it was tried (re-drives included)' },
      created_at: TIMESTAMP,
      updated_at: TIMESTAMP,
    },
    ['id', 'job_name', 'stage', 'code', 'reason', 'payload', 'encoding', 'attributes', 'operation', 'attempts', 'created_at', 'updated_at'],
    false,
  ),
  DeadLetterPage: object({ job_name: ID, total: COUNT, items: arrayOf(ref('DeadLetter')) }, ['job_name', 'total', 'items'], false, 'One page, oldest first; `total` counts every dead letter of the job'),
  RedriveRequest: object({ ids: arrayOf(ID, { description: 'Only these dead letters (default: all, up to 1000)' }) }, [], false),
  RedriveResult: object(
    {
      redriven: COUNT,
      failed: COUNT,
      results: arrayOf(object({ id: ID, redriven: BOOLEAN, reason: STRING }, ['id', 'redriven'], false)),
    },
    ['redriven', 'failed', 'results'],
    false,
  ),
} satisfies Record<string, JsonSchema>;
