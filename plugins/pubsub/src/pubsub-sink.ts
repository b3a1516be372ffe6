import type { Topic } from '@google-cloud/pubsub';
import { MstreamError, type ConfigSchema, type Sink, type SinkDefinition, type StreamEvent } from '@mstream/sdk';
import { toMessage, type OrderingKeySource, type OutgoingMessage } from './outgoing-message.js';
import { ensureTopic } from './provisioning.js';
import { toMstreamError } from './pubsub-errors.js';
import type { PubSubHandle } from './pubsub-service.js';
import { fullName } from './resource-names.js';
import { raceSignal } from './signals.js';

/** Sink options as validated by the schema below. */
export interface PubSubSinkOptions extends OrderingKeySource {
  max_messages: number;
  max_milliseconds: number;
  max_bytes: number;
  create_topic: boolean;
}

export const sinkOptionsSchema: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ordering_key_attribute: {
      type: 'string',
      minLength: 1,
      description: 'Use this event attribute as the ordering key (enables message ordering on the publisher). Wins over use_event_key_as_ordering_key.',
      'x-order': 1,
    },
    use_event_key_as_ordering_key: {
      type: 'boolean',
      default: false,
      description: "Use the event's key (a Kafka key, a Pub/Sub ordering key) as the ordering key (enables message ordering).",
      'x-order': 2,
    },
    max_messages: { type: 'integer', minimum: 1, maximum: 1000, default: 1000, description: 'Messages per publish request.', 'x-advanced': true, 'x-order': 3 },
    max_milliseconds: { type: 'integer', minimum: 0, default: 10, description: 'Longest a message waits for its publish request to fill.', 'x-advanced': true, 'x-order': 4 },
    max_bytes: { type: 'integer', minimum: 1024, maximum: 10_000_000, default: 1_048_576, description: 'Bytes per publish request.', 'x-advanced': true, 'x-order': 5 },
    create_topic: { type: 'boolean', default: false, description: 'Create the topic at open when it does not exist.', 'x-advanced': true, 'x-order': 6 },
  },
};

/**
 * Publishes each event as one message. A batch is handed to the client all at once and flushed
 * straight away (nothing else can arrive before `write` resolves, so waiting `max_milliseconds`
 * would only add latency); `write` resolves when the server acknowledged every message.
 */
export class PubSubSink implements Sink {
  private readonly topic: Topic;
  private readonly ordered: boolean;
  private closed = false;

  constructor(
    private readonly handle: PubSubHandle,
    private readonly name: string,
    private readonly options: PubSubSinkOptions,
  ) {
    this.ordered = Boolean(options.ordering_key_attribute) || options.use_event_key_as_ordering_key;
    this.topic = handle.client.topic(name, {
      messageOrdering: this.ordered,
      batching: { maxMessages: options.max_messages, maxMilliseconds: options.max_milliseconds, maxBytes: options.max_bytes },
    });
  }

  async open(signal: AbortSignal): Promise<void> {
    await ensureTopic(this.handle, this.name, this.options.create_topic, signal);
  }

  async write(events: StreamEvent[], signal: AbortSignal): Promise<void> {
    if (this.closed) throw new MstreamError('MS_ERR_INTERNAL', 'pubsub: write called after close');
    // Build every message first: a bad event fails the call before anything of the batch is published.
    const messages: OutgoingMessage[] = events.map((event) => toMessage(event, this.options));
    const published = messages.map((message) => this.topic.publishMessage(message));
    void this.topic.flush().catch(() => undefined);
    try {
      await raceSignal(Promise.all(published), signal, `pubsub: publish to ${this.name}`);
    } catch (error) {
      if (this.ordered) {
        // After a failure the client pauses each ordering key until told to resume; the host's retry needs it resumed.
        for (const message of messages) if (message.orderingKey) this.topic.resumePublishing(message.orderingKey);
      }
      throw toMstreamError(error, `publishing to ${this.name}`, { invalidIsData: true });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.topic.flush();
    } catch (error) {
      throw toMstreamError(error, `flushing ${this.name}`);
    }
  }
}

/** The `pubsub` sink: the resource is a topic (short id or full name). */
export const pubsubSink: SinkDefinition<PubSubHandle, PubSubSinkOptions> = {
  provider: 'pubsub',
  idempotent: false,
  encodings: ['json', 'bson', 'avro'],
  resourceLabel: 'topic',
  optionsSchema: sinkOptionsSchema,
  create({ service, resource, options }) {
    return new PubSubSink(service, fullName(service.projectId, 'topics', resource), options);
  },
};
