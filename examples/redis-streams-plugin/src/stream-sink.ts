import type { Sink, SinkDefinition } from '@mstream/sdk';
import { redisError } from './redis-errors.js';
import type { RedisHandle } from './redis-service.js';
import { eventToFields } from './stream-entry.js';

/** Sink options, as validated by the schema below. */
export interface SinkOptions {
  maxlen?: number;
}

/** The `redis-streams` sink: XADDs each event to the stream `resource`, a batch in one MULTI. */
export const streamSink: SinkDefinition<RedisHandle, SinkOptions> = {
  provider: 'redis-streams',
  resourceLabel: 'stream key',
  idempotent: false,
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      maxlen: { type: 'integer', minimum: 1, description: 'trim the stream to about this many entries (`MAXLEN ~`); unbounded when absent' },
    },
  },
  create({ service, resource, options }): Sink {
    return {
      async write(events) {
        // Every event is converted first: a bad one throws DataError before anything is written.
        const all = events.map(eventToFields);
        const trim = options.maxlen ? ['MAXLEN', '~', String(options.maxlen)] : [];
        const multi = service.client.multi();
        for (const fields of all) multi.call('XADD', resource, ...trim, '*', ...fields);
        let results: Array<[Error | null, unknown]> | null;
        try {
          results = await multi.exec();
        } catch (error) {
          throw redisError(error, `XADD ${resource}`);
        }
        const failed = results?.find(([error]) => error);
        if (!results || failed) throw redisError(failed?.[0] ?? new Error('MULTI was discarded'), `XADD ${resource}`);
      },
      async close() {
        // The client belongs to the service and is closed with it.
      },
    };
  },
};
