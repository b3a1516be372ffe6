import { LEVELS } from '../../logs/log-buffer.js';
import { arrayOf, object, ref, STRING, TIMESTAMP, type JsonSchema } from './json-schema.js';

/** The level names, lowest first: what `?level=` takes. */
export const LOG_LEVEL: JsonSchema = { type: 'string', enum: Object.keys(LEVELS) };

/** Entries of the in-memory log buffer (logs/log-buffer.ts); every other key is the logger's. */
export const LOG_SCHEMAS= {
  LogEntry: object(
    {
      timestamp: TIMESTAMP,
      level: LOG_LEVEL,
      message: STRING,
      job_name: STRING,
      target: { ...STRING, description: 'What logged: `host`, `api`, `plugin:kafka`, …' },
    },
    ['timestamp', 'level', 'message', 'target'],
    true,
    'One log entry; other keys are structured fields of the entry (secrets scrubbed)',
  ),
  LogList: object({ logs: arrayOf(ref('LogEntry')) }, ['logs'], false, 'Oldest first'),
} satisfies Record<string, JsonSchema>;
