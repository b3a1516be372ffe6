import type { ConfigSchema } from '@mstream/sdk';
import { COMPRESSIONS, type Compression } from './codecs/install-codecs.js';

/** Options of a `kafka` sink step. */
export interface KafkaSinkOptions {
  compression?: Compression;
  key_attribute?: string;
  key_field?: string;
  headers: 'attributes' | 'all' | 'none';
  max_request_bytes: number;
}

export const kafkaSinkOptionsSchema: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    compression: {
      type: 'string',
      enum: [...COMPRESSIONS],
      description: 'Compression of the produced batches, as Kafka\'s Java clients write it. Default: the service\'s compression.type, else none.',
      'x-order': 1,
    },
    key_attribute: {
      type: 'string',
      minLength: 1,
      description: 'Take the message key from this event attribute instead of the event key (no key when the attribute is missing).',
      'x-order': 2,
    },
    key_field: {
      type: 'string',
      minLength: 1,
      description: 'JSON payloads only: take the message key from this payload field (dotted path, e.g. "user.id"). Wins over key_attribute.',
      'x-order': 3,
    },
    headers: {
      type: 'string',
      enum: ['attributes', 'all', 'none'],
      default: 'attributes',
      description: '"attributes": every event attribute becomes a header except the kafka.topic/partition/offset ones a Kafka source adds; "all": those too; "none": no headers.',
      'x-advanced': true,
    },
    max_request_bytes: {
      type: 'integer',
      minimum: 1024,
      default: 900_000,
      description: 'A batch whose payloads exceed this many bytes is sent in several requests, in order, so it stays under the broker\'s message.max.bytes (1 MB by default).',
      'x-advanced': true,
    },
  },
};
