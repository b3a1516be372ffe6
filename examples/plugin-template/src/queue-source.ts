import { open, type FileHandle } from 'node:fs/promises';
import { ConnectionError, fromUtf8, utf8, type Source, type SourceDefinition, type StreamEvent } from '@mstream/sdk';
import { queueFile, type QueueFolder } from './queue-service.js';
import { fromLine } from './queue-line.js';

/** Source options, as validated by the schema below. */
export interface QueueSourceOptions {
  poll_ms: number;
}

const CHUNK = 64 * 1024;

/**
 * Tails a queue file. A position is the byte offset after an event's line, so resuming from a
 * checkpoint continues exactly after the last acknowledged event.
 */
export const queueSource: SourceDefinition<QueueFolder, QueueSourceOptions> = {
  provider: 'plugin-template',
  resume: 'exact',
  resourceLabel: 'queue',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { poll_ms: { type: 'integer', minimum: 10, maximum: 5000, default: 100, description: 'how often an idle source looks for new lines' } },
  },
  create({ service, resource, options }): Source {
    const file = queueFile(service, resource);
    let offset = 0;
    let pending = '';
    let handle: FileHandle | undefined;

    async function readLines(max: number): Promise<StreamEvent[]> {
      handle ??= await open(file, 'a+').catch((error: Error) => {
        throw new ConnectionError(`cannot open ${file}: ${error.message}`, { cause: error });
      });
      const events: StreamEvent[] = [];
      const buffer = Buffer.alloc(CHUNK);
      while (events.length < max) {
        const newline = pending.indexOf('\n');
        if (newline >= 0) {
          const text = pending.slice(0, newline);
          pending = pending.slice(newline + 1);
          offset += Buffer.byteLength(text) + 1;
          events.push(fromLine(text, utf8(String(offset))));
          continue;
        }
        const { bytesRead } = await handle.read(buffer, 0, CHUNK, offset + Buffer.byteLength(pending));
        if (bytesRead === 0) break;
        pending += buffer.subarray(0, bytesRead).toString('utf8');
      }
      return events;
    }

    return {
      async open(position) {
        offset = position ? Number(fromUtf8(position)) : 0;
        pending = '';
      },
      async read(max, signal) {
        // Poll until something arrives; return [] promptly once the host aborts.
        while (!signal.aborted) {
          const events = await readLines(max);
          if (events.length) return events;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, options.poll_ms);
            signal.addEventListener('abort', done, { once: true });
            function done() {
              clearTimeout(timer);
              signal.removeEventListener('abort', done);
              resolve();
            }
          });
        }
        return [];
      },
      async ack() {
        // Nothing to commit upstream: the host checkpoints the last acknowledged position.
      },
      async close() {
        const h = handle;
        handle = undefined;
        await h?.close();
      },
    };
  },
};
