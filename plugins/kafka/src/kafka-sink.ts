import {
  ConnectionError,
  DataError,
  MstreamError,
  fromUtf8,
  type Encoding,
  type SinkDefinition,
  type StreamEvent,
  type Transaction,
  type TransactionalSink,
} from '@mstream/sdk';
import { abortable } from './abortable.js';
import type { KafkaProducer, OutgoingMessage } from './clients/kafka-client.js';
import type { Compression } from './codecs/install-codecs.js';
import { toMstreamError, toTransactionError } from './kafka-errors.js';
import { kafkaTransaction } from './kafka-transactions.js';
import { KAFKA_ATTRIBUTES } from './kafka-message.js';
import type { KafkaHandle } from './kafka-service.js';
import { kafkaSinkOptionsSchema, type KafkaSinkOptions } from './sink-options.js';

type Message = OutgoingMessage;
const SOURCE_ATTRIBUTES = new Set<string>(KAFKA_ATTRIBUTES);

/**
 * Produces every event of a batch to one topic with an idempotent producer (acks = all), in one
 * `send` per request-sized chunk; `write` resolves once the brokers acknowledged every message.
 * In an exactly-once job it writes through the Kafka source's transaction instead
 * (`writeInTransaction`) and opens no producer of its own.
 */
export class KafkaSink implements TransactionalSink {
  private producer?: KafkaProducer;
  private connecting?: Promise<KafkaProducer>;
  private closed = false;
  private readonly compression: Compression;

  constructor(
    private readonly handle: KafkaHandle,
    private readonly topic: string,
    private readonly options: KafkaSinkOptions,
    private readonly transactional = false,
  ) {
    this.compression = options.compression ?? handle.settings.compression;
  }

  async open(signal: AbortSignal): Promise<void> {
    if (this.transactional) return;
    await abortable(this.connect(), signal, 'connecting the Kafka producer');
  }

  /**
   * Sends the batch as part of the source's transaction, through the job's transactional
   * producer: visible to `read_committed` consumers only once the source commits. One attempt;
   * the host aborts the transaction on any failure.
   */
  async writeInTransaction(events: StreamEvent[], transaction: Transaction, signal: AbortSignal): Promise<void> {
    const { tx, cluster, transactionalId } = kafkaTransaction(transaction);
    if (cluster !== this.handle.cluster) {
      throw new MstreamError('MS_ERR_INTERNAL', `the transaction of cluster ${cluster} cannot write to topic "${this.topic}" on cluster ${this.handle.cluster}`);
    }
    if (events.length === 0) return;
    // Built first: a payload that cannot become a message fails before anything is sent.
    const messages = events.map((event) => this.toMessage(event));
    for (const chunk of chunks(messages, events, this.options.max_request_bytes)) {
      try {
        await abortable(tx.send({ topic: this.topic, messages: chunk, compression: this.compression }), signal, 'producing in the transaction');
      } catch (error) {
        throw toTransactionError(error, `producing to topic "${this.topic}" in a transaction`, transactionalId);
      }
    }
  }

  async write(events: StreamEvent[], signal: AbortSignal): Promise<void> {
    if (events.length === 0) return;
    const producer = await abortable(this.connect(), signal, 'connecting the Kafka producer');
    const messages = events.map((event) => this.toMessage(event));
    for (const chunk of chunks(messages, events, this.options.max_request_bytes)) {
      try {
        await abortable(producer.send({ topic: this.topic, messages: chunk, compression: this.compression }), signal, 'producing');
      } catch (error) {
        throw toMstreamError(error, `producing to topic "${this.topic}"`);
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const pending = this.connecting;
    this.connecting = undefined;
    const producer = this.producer ?? (await pending?.catch(() => undefined));
    this.producer = undefined;
    if (!producer) return;
    this.handle.clients.delete(producer);
    await producer.disconnect().catch(() => undefined);
  }

  private connect(): Promise<KafkaProducer> {
    if (this.closed) return Promise.reject(new ConnectionError('the Kafka sink is closed'));
    if (this.producer) return Promise.resolve(this.producer);
    if (!this.connecting) {
      const producer = this.handle.client.producer();
      this.handle.clients.add(producer);
      this.connecting = producer.connect().then(
        () => {
          this.producer = producer;
          this.connecting = undefined;
          return producer;
        },
        async (error: unknown) => {
          this.connecting = undefined;
          this.handle.clients.delete(producer);
          await producer.disconnect().catch(() => undefined);
          throw toMstreamError(error, 'connecting the Kafka producer');
        },
      );
    }
    return this.connecting;
  }

  private toMessage(event: StreamEvent): Message {
    const tombstone = event.operation === 'delete' && event.payload.byteLength === 0;
    return {
      key: this.keyOf(event),
      value: tombstone ? null : asBuffer(event.payload),
      headers: this.headersOf(event.attributes),
    };
  }

  private keyOf(event: StreamEvent): string | Buffer | null {
    if (this.options.key_field) return fieldKey(event, this.options.key_field);
    if (this.options.key_attribute) return event.attributes[this.options.key_attribute] ?? null;
    if (event.key === undefined) return null;
    return typeof event.key === 'string' ? event.key : asBuffer(event.key);
  }

  private headersOf(attributes: Readonly<Record<string, string>>): Record<string, string> | undefined {
    if (this.options.headers === 'none') return undefined;
    const all = this.options.headers === 'all';
    let headers: Record<string, string> | undefined;
    for (const name in attributes) {
      if (!all && SOURCE_ATTRIBUTES.has(name)) continue;
      (headers ??= {})[name] = attributes[name];
    }
    return headers;
  }
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The key from a JSON payload field; a missing field gives no key, a payload that is not JSON is a DataError. */
function fieldKey(event: StreamEvent, path: string): string | null {
  if (event.payload.byteLength === 0) return null;
  let value: unknown;
  try {
    value = JSON.parse(fromUtf8(event.payload));
  } catch (error) {
    throw new DataError(`key_field "${path}": the payload is not valid JSON`, { cause: error });
  }
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[part];
  }
  if (value === undefined || value === null) return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Splits messages into consecutive runs whose payloads stay under `maxBytes` (a single larger message is its own run). */
function* chunks(messages: Message[], events: StreamEvent[], maxBytes: number): Generator<Message[]> {
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < messages.length; i++) {
    const size = events[i].payload.byteLength;
    if (i > start && bytes + size > maxBytes) {
      yield messages.slice(start, i);
      start = i;
      bytes = 0;
    }
    bytes += size;
  }
  yield start === 0 ? messages : messages.slice(start);
}

/** The `kafka` sink: `resource` is the topic. */
export const kafkaSink: SinkDefinition<KafkaHandle, KafkaSinkOptions> = {
  provider: 'kafka',
  resourceLabel: 'topic',
  // A replayed batch is produced again: consumers see duplicates (at-least-once).
  idempotent: false,
  // Exactly-once: writes through the Kafka source's transaction (same cluster, checked by the host).
  transactions: {},
  encodings: ['json', 'bson', 'avro'],
  optionsSchema: kafkaSinkOptionsSchema,
  create({ service, resource, options, encoding, context }) {
    if (options.key_field && encoding !== 'json') {
      throw new MstreamError('MS_ERR_CONFIG_INVALID', `key_field needs output_encoding "json" (this sink receives ${encoding satisfies Encoding})`);
    }
    if (service.closed) throw new ConnectionError('the Kafka service was closed');
    return new KafkaSink(service, resource, options, context.delivery === 'exactly_once');
  },
};
