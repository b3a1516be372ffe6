import type { Redis } from 'ioredis';
import type { ConnectorInit, Source, SourceDefinition, StreamEvent } from '@mstream/sdk';
import { redisError } from './redis-errors.js';
import type { RedisHandle } from './redis-service.js';
import { entryToEvent, positionToId } from './stream-entry.js';

/** Source options, as validated by the schema below. */
export interface SourceOptions {
  group?: string;
  consumer: string;
  start_id: string;
  block_ms: number;
}

type ReadReply = Array<[Buffer, Array<[Buffer, Buffer[] | null]>]> | null;

/**
 * Reads one stream through a consumer group. Entries are XACKed only when the host acknowledges
 * them (after every sink wrote them), so anything read but not acknowledged stays in the group's
 * pending entries list; on open the source first re-reads its own pending entries (`XREADGROUP
 * … 0`), then new ones (`>`). That is the resume: the group, on the server, is the truth.
 */
class StreamSource implements Source {
  private connection?: Redis;
  private replayingPending = true;
  private readonly group: string;

  constructor(private readonly init: ConnectorInit<RedisHandle, SourceOptions>) {
    this.group = init.options.group ?? `mstream-${init.context.jobName}`;
  }

  async open(position: Uint8Array | undefined): Promise<void> {
    const { service, resource, options } = this.init;
    // A checkpoint only matters when the group is gone (stream deleted and recreated): the new
    // group then starts right after the last acknowledged entry instead of at `start_id`.
    const start = position ? positionToId(position) : options.start_id;
    try {
      await service.client.xgroup('CREATE', resource, this.group, start, 'MKSTREAM');
    } catch (error) {
      if (!/BUSYGROUP/.test((error as Error).message)) throw redisError(error, `XGROUP CREATE ${resource} ${this.group}`);
    }
    this.connection = await service.connection(`mstream-${this.init.context.jobName}`);
    this.replayingPending = true;
  }

  async read(max: number, signal: AbortSignal): Promise<StreamEvent[]> {
    if (signal.aborted || !this.connection) return [];
    const { resource, options, encoding } = this.init;
    const id = this.replayingPending ? '0' : '>';
    // BLOCK cannot be interrupted, so it is kept short: an aborted read returns within block_ms.
    const block = this.replayingPending ? [] : ['BLOCK', String(options.block_ms)];
    let reply: ReadReply;
    try {
      reply = (await this.connection.callBuffer(
        'XREADGROUP', 'GROUP', this.group, options.consumer, 'COUNT', String(max), ...block, 'STREAMS', resource, id,
      )) as ReadReply;
    } catch (error) {
      throw redisError(error, `XREADGROUP ${resource}`);
    }
    const entries = reply?.[0]?.[1] ?? [];
    if (this.replayingPending && entries.length === 0) {
      this.replayingPending = false;
      return this.read(max, signal);
    }
    const events: StreamEvent[] = [];
    const trimmed: string[] = [];
    for (const [idBuffer, fields] of entries) {
      // A pending entry whose data was trimmed away comes back without fields: drop it.
      if (fields === null) trimmed.push(idBuffer.toString());
      else events.push(entryToEvent(idBuffer.toString(), fields, encoding));
    }
    if (trimmed.length) await this.init.service.client.xack(resource, this.group, ...trimmed).catch(() => undefined);
    if (this.replayingPending && entries.length > 0 && events.length === 0) return this.read(max, signal);
    return events;
  }

  async ack(positions: Uint8Array[]): Promise<void> {
    if (positions.length === 0) return;
    try {
      await this.init.service.client.xack(this.init.resource, this.group, ...positions.map(positionToId));
    } catch (error) {
      throw redisError(error, `XACK ${this.init.resource}`);
    }
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    // disconnect, not quit: quit would wait for a blocked XREADGROUP to time out.
    connection?.disconnect();
  }
}

/** The `redis-streams` source: `resource` is the stream key. */
export const streamSource: SourceDefinition<RedisHandle, SourceOptions> = {
  provider: 'redis-streams',
  resume: 'at-least-once',
  resourceLabel: 'stream key',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      group: { type: 'string', minLength: 1, description: 'consumer group; default `mstream-<job name>`' },
      consumer: { type: 'string', minLength: 1, default: 'mstream', description: 'consumer name inside the group' },
      start_id: { type: 'string', default: '0', description: 'where a new group starts: `0` = the whole stream, `$` = only new entries' },
      block_ms: { type: 'integer', minimum: 10, maximum: 5000, default: 500, 'x-advanced': true, description: 'XREADGROUP BLOCK time; also the longest a stop waits for a read' },
    },
  },
  create: (init) => new StreamSource(init),
};
