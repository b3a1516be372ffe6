import kafkajs, { type Kafka, type Producer, type Transaction } from 'kafkajs';
import { COMPRESSION_TYPES } from '../codecs/install-codecs.js';
import type { KafkaConsumer, KafkaProducer, KafkaTransaction, ProducerSettings, SendRequest, TransactionalProducer } from './kafka-client.js';

const { Partitioners } = kafkajs;

function record(request: SendRequest) {
  return { topic: request.topic, messages: request.messages, acks: -1, compression: COMPRESSION_TYPES[request.compression] };
}

/** The idempotent producer of a sink (acks = all). */
export class KafkaJsProducer implements KafkaProducer {
  private readonly producer: Producer;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({
      idempotent: true,
      // kafkajs keeps idempotent ordering guarantees only with one request in flight.
      maxInFlightRequests: 1,
      allowAutoTopicCreation: true,
      // Java-compatible partitioning (murmur2 of the key), as Kafka's own clients do.
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 5000 },
    });
  }

  connect = () => this.producer.connect();
  disconnect = () => this.producer.disconnect();

  async send(request: SendRequest): Promise<void> {
    await this.producer.send(record(request));
  }
}

class KafkaJsTransaction implements KafkaTransaction {
  constructor(private readonly tx: Transaction) {}

  async send(request: SendRequest): Promise<void> {
    await this.tx.send(record(request));
  }

  async sendOffsets(_consumer: KafkaConsumer, groupId: string, topic: string, partitions: { partition: number; offset: string }[]): Promise<void> {
    await this.tx.sendOffsets({ consumerGroupId: groupId, topics: [{ topic, partitions }] });
  }

  commit = () => this.tx.commit();
  abort = () => this.tx.abort();
  isActive = () => this.tx.isActive();
}

/** The transactional producer of an exactly-once job. */
export class KafkaJsTransactionalProducer implements TransactionalProducer {
  private readonly producer: Producer;

  constructor(kafka: Kafka, settings: ProducerSettings) {
    this.producer = kafka.producer({
      transactionalId: settings.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: settings.transactionTimeout,
      allowAutoTopicCreation: true,
      // The sinks produce through this producer: the same Java-compatible partitioner as theirs.
      createPartitioner: Partitioners.DefaultPartitioner,
      // The coordinator answers CONCURRENT_TRANSACTIONS while the previous commit's markers are
      // written: retry that soon and often rather than after 200 ms.
      retry: { retries: 10, initialRetryTime: 20, maxRetryTime: 2000 },
    });
  }

  connect = () => this.producer.connect();
  disconnect = () => this.producer.disconnect();

  async transaction(): Promise<KafkaTransaction> {
    return new KafkaJsTransaction(await this.producer.transaction());
  }

  async initialise(): Promise<void> {
    // kafkajs sends InitProducerId with its first transaction; aborting an empty one sends nothing.
    const first = await this.producer.transaction();
    await first.abort();
  }
}
