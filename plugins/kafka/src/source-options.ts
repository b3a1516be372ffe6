import type { ConfigSchema } from '@mstream/sdk';

/** Options of a `kafka` source step. */
export interface KafkaSourceOptions {
  group_id?: string;
  from_beginning?: boolean;
  offset_seek_back_seconds?: number;
  max_buffered_messages?: number;
  on_tombstone: 'delete' | 'skip';
  isolation_level?: 'read_committed' | 'read_uncommitted';
}

export const kafkaSourceOptionsSchema: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    group_id: {
      type: 'string',
      minLength: 1,
      description: 'Consumer group. Default: the service\'s group.id, else mstream-<job name>. Jobs sharing a group split the partitions.',
      'x-order': 1,
    },
    from_beginning: {
      type: 'boolean',
      description: 'Where a group without committed offsets starts: true = earliest, false = latest. Default: the service\'s auto.offset.reset, else true.',
      'x-order': 2,
    },
    offset_seek_back_seconds: {
      type: 'integer',
      minimum: 0,
      description: 'Start this many seconds back in time at every start (wins over the checkpoint and the group offsets). Overrides the service key.',
      'x-advanced': true,
    },
    max_buffered_messages: {
      type: 'integer',
      minimum: 1,
      description: 'Messages fetched but not yet read by the job; the consumer waits when full. Default: max(1000, 4 × batch size).',
      'x-advanced': true,
    },
    isolation_level: {
      type: 'string',
      enum: ['read_committed', 'read_uncommitted'],
      default: 'read_committed',
      description: 'read_committed: only messages of committed transactions (and non-transactional ones) are read; read_uncommitted: also those of open and aborted transactions. Exactly-once jobs need read_committed.',
      'x-advanced': true,
    },
    on_tombstone: {
      type: 'string',
      enum: ['delete', 'skip'],
      default: 'delete',
      description: 'A message with a null value: "delete" emits an event with operation delete, the key and an empty payload; "skip" drops it.',
      'x-advanced': true,
    },
  },
};
