import { appendFile } from 'node:fs/promises';
import { ConnectionError, type SinkDefinition } from '@mstream/sdk';
import { queueFile, type QueueFolder } from './queue-service.js';
import { toLine } from './queue-line.js';

/** The sink: appends each batch to the queue file with one write. */
export const queueSink: SinkDefinition<QueueFolder, Record<string, never>> = {
  provider: 'plugin-template',
  resourceLabel: 'queue',
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  create({ service, resource }) {
    const file = queueFile(service, resource);
    return {
      async write(events) {
        // Convert everything first: a bad event throws before anything is written.
        const text = events.map((event) => toLine(event, Date.now())).join('');
        try {
          await appendFile(file, text);
        } catch (error) {
          throw new ConnectionError(`cannot append to ${file}: ${(error as Error).message}`, { cause: error });
        }
      },
      async close() {},
    };
  },
};
