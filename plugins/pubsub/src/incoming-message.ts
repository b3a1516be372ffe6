import type { Message } from '@google-cloud/pubsub';
import { utf8, type Encoding, type StreamEvent } from '@mstream/sdk';

/** Attributes the source adds to every event; they win over message attributes of the same name. */
export const ATTR_MESSAGE_ID = 'pubsub.message_id';
export const ATTR_PUBLISH_TIME = 'pubsub.publish_time';
export const ATTR_ORDERING_KEY = 'pubsub.ordering_key';

/**
 * Turns a received message into an event. The position is the message id: stable across
 * redeliveries, unlike the ack id, which the source keeps to itself (acking needs the live
 * `Message`, not bytes). The event id is the subscription's full name and the message id (the
 * message does not say its topic). The publish time becomes the source timestamp, so the host
 * shows lag.
 */
export function toEvent(message: Message, encoding: Encoding, subscription: string): StreamEvent {
  const attributes: Record<string, string> = { ...message.attributes };
  attributes[ATTR_MESSAGE_ID] = message.id;
  const published = message.publishTime;
  const publishedMs = published ? published.getTime() : undefined;
  if (publishedMs !== undefined && !Number.isNaN(publishedMs)) attributes[ATTR_PUBLISH_TIME] = published.toISOString();
  if (message.orderingKey) attributes[ATTR_ORDERING_KEY] = message.orderingKey;
  return {
    position: utf8(message.id),
    id: `pubsub:${subscription}/${message.id}`,
    operation: 'message',
    key: message.orderingKey || undefined,
    payload: new Uint8Array(message.data.buffer, message.data.byteOffset, message.data.byteLength),
    encoding,
    attributes,
    sourceTimestamp: publishedMs !== undefined && !Number.isNaN(publishedMs) ? publishedMs : undefined,
  };
}
