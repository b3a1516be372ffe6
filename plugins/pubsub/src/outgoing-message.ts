import { DataError, fromUtf8, type StreamEvent } from '@mstream/sdk';

/** What `Topic#publishMessage` takes. */
export interface OutgoingMessage {
  data: Buffer;
  attributes: Record<string, string>;
  orderingKey?: string;
}

/** Where the ordering key comes from (sink options). */
export interface OrderingKeySource {
  ordering_key_attribute?: string;
  use_event_key_as_ordering_key: boolean;
}

/**
 * Pub/Sub's documented limits (cloud.google.com/pubsub/quotas). The emulator enforces none of them
 * except "data or attributes", so they are checked here: the same event is refused the same way
 * locally and in production, before anything of its batch is published.
 */
export const LIMITS = {
  messageBytes: 10_000_000,
  attributes: 100,
  attributeKeyBytes: 256,
  attributeValueBytes: 1024,
  orderingKeyBytes: 1024,
} as const;

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * Builds the message for one event, or throws a `DataError` saying which limit it breaks. Event
 * attributes become message attributes; empty keys are dropped (Pub/Sub refuses them and they
 * carry nothing).
 */
export function toMessage(event: StreamEvent, ordering: OrderingKeySource): OutgoingMessage {
  const data = Buffer.from(event.payload.buffer, event.payload.byteOffset, event.payload.byteLength);
  const attributes: Record<string, string> = {};
  let size = data.byteLength;
  let count = 0;
  for (const [key, value] of Object.entries(event.attributes)) {
    if (key === '') continue;
    if (key.startsWith('goog')) throw new DataError(`pubsub: attribute "${key}": keys starting with "goog" are reserved by Pub/Sub`);
    if (bytes(key) > LIMITS.attributeKeyBytes) throw new DataError(`pubsub: attribute key "${key.slice(0, 40)}…" is longer than ${LIMITS.attributeKeyBytes} bytes`);
    if (typeof value !== 'string') throw new DataError(`pubsub: attribute "${key}" is not a string`);
    if (bytes(value) > LIMITS.attributeValueBytes) throw new DataError(`pubsub: attribute "${key}" has a value longer than ${LIMITS.attributeValueBytes} bytes`);
    attributes[key] = value;
    size += bytes(key) + bytes(value);
    count++;
  }
  if (count > LIMITS.attributes) throw new DataError(`pubsub: ${count} attributes, at most ${LIMITS.attributes} are allowed`);
  if (data.byteLength === 0 && count === 0) throw new DataError('pubsub: a message needs a payload or at least one attribute');
  if (size > LIMITS.messageBytes) throw new DataError(`pubsub: message of ${size} bytes exceeds the ${LIMITS.messageBytes}-byte limit`);
  const orderingKey = orderingKeyOf(event, ordering);
  return orderingKey ? { data, attributes, orderingKey } : { data, attributes };
}

function orderingKeyOf(event: StreamEvent, ordering: OrderingKeySource): string | undefined {
  let key: string | undefined;
  if (ordering.ordering_key_attribute) key = event.attributes[ordering.ordering_key_attribute];
  else if (ordering.use_event_key_as_ordering_key && event.key !== undefined) key = typeof event.key === 'string' ? event.key : fromUtf8(event.key);
  if (!key) return undefined;
  if (bytes(key) > LIMITS.orderingKeyBytes) throw new DataError(`pubsub: ordering key longer than ${LIMITS.orderingKeyBytes} bytes`);
  return key;
}
