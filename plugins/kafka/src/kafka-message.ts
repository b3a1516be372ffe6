import type { Encoding, StreamEvent } from '@mstream/sdk';
import type { ConsumedMessage } from './clients/kafka-client.js';
import { encodePosition } from './positions.js';

const EMPTY = new Uint8Array(0);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Attributes the source adds to every event (also the names the sink leaves out of headers by default). */
export const KAFKA_ATTRIBUTES = ['kafka.topic', 'kafka.partition', 'kafka.offset'] as const;

/** A UTF-8 key stays a string (readable in dead letters and APIs); binary keys keep their bytes. */
export function decodeKey(key: Buffer | null | undefined): string | Uint8Array | undefined {
  if (key === null || key === undefined) return undefined;
  try {
    return strictUtf8.decode(key);
  } catch {
    return new Uint8Array(key);
  }
}

/** Headers become string attributes; a repeated header is joined with commas (attributes are single strings). */
export function headersToAttributes(headers: ConsumedMessage['headers'], into: Record<string, string>): void {
  if (!headers) return;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    into[name] = Array.isArray(value) ? value.map((v) => v.toString()).join(',') : value.toString();
  }
}

/**
 * Builds the event for one message. A tombstone (null value) becomes operation `delete` with an
 * empty payload and the message key, so a Kafka sink writes it back as a tombstone and a sink that
 * understands deletes can act on the key.
 */
export function toEvent(message: ConsumedMessage, topic: string, partition: number, epoch: number, encoding: Encoding): StreamEvent {
  const attributes: Record<string, string> = {};
  headersToAttributes(message.headers, attributes);
  attributes['kafka.topic'] = topic;
  attributes['kafka.partition'] = String(partition);
  attributes['kafka.offset'] = message.offset;
  const timestamp = Number(message.timestamp);
  return {
    position: encodePosition(partition, message.offset, epoch),
    // Topic, partition and offset name the record for good; the position's epoch does not.
    id: `kafka:${topic}/${partition}/${message.offset}`,
    operation: message.value === null ? 'delete' : 'message',
    key: decodeKey(message.key),
    payload: message.value ?? EMPTY,
    encoding,
    attributes,
    sourceTimestamp: Number.isFinite(timestamp) && timestamp > 0 ? timestamp : undefined,
  };
}
