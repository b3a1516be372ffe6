import { compatibilityPartitioner, Producer, type BaseOptions, type MessageToProduce } from '@platformatic/kafka';

type Transaction = Awaited<ReturnType<Producer['beginTransaction']>>;
import { zstdReady } from '../codecs/zstd-codec.js';
import type { KafkaConsumer, KafkaProducer, KafkaTransaction, ProducerSettings, SendRequest, TransactionalProducer } from './kafka-client.js';
import type { PlatformaticConsumer } from './platformatic-consumer.js';

/** Java-compatible partitioning as kafkajs's DefaultPartitioner: murmur2 of the key; keyless messages round-robin. */
function partitioner() {
  let next = 0;
  return (message: MessageToProduce, key: Buffer | undefined) => (key ? compatibilityPartitioner(message, key) : next++ & 0x7fffffff);
}

function messages(request: SendRequest): MessageToProduce[] {
  return request.messages.map((m) => ({
    topic: request.topic,
    key: m.key === null ? undefined : typeof m.key === 'string' ? Buffer.from(m.key) : m.key,
    // A tombstone: the record's value is written as null.
    value: (m.value ?? null) as Buffer,
    headers: m.headers ? new Map(Object.entries(m.headers).map(([k, v]) => [Buffer.from(k), Buffer.from(v)])) : undefined,
  }));
}

async function sendOptions(request: SendRequest) {
  // The library compresses synchronously: load the WebAssembly zstd compressor first.
  if (request.compression === 'zstd') await zstdReady();
  return { messages: messages(request), compression: request.compression };
}

/** The idempotent producer of a sink (acks = all). */
export class PlatformaticProducer implements KafkaProducer {
  private readonly producer: Producer;

  constructor(options: BaseOptions) {
    this.producer = new Producer({ ...options, idempotent: true, acks: -1, partitioner: partitioner() });
  }

  async connect(): Promise<void> {
    await this.producer.metadata({ topics: [] });
  }

  disconnect = () => this.producer.close();

  async send(request: SendRequest): Promise<void> {
    await this.producer.send(await sendOptions(request));
  }
}

class PlatformaticTransaction implements KafkaTransaction {
  constructor(
    private readonly producer: Producer,
    private readonly tx: Transaction,
  ) {}

  async send(request: SendRequest): Promise<void> {
    await this.tx.send(await sendOptions(request));
  }

  /** TxnOffsetCommit names the group member (generation, member id) that read the offsets: the broker fences a member the group has moved on from. */
  async sendOffsets(consumer: KafkaConsumer, groupId: string, topic: string, partitions: { partition: number; offset: string }[]): Promise<void> {
    const member = (consumer as PlatformaticConsumer).consumer;
    if (member.groupId !== groupId) throw new Error(`the consumer of group "${member.groupId}" cannot send offsets of group "${groupId}"`);
    await this.tx.addConsumer(member);
    const metadata = { consumer: { groupId, generationId: member.generationId, memberId: member.memberId, coordinatorId: member.coordinatorId } };
    for (const { partition, offset } of partitions) {
      // addOffset commits `offset + 1`: it takes the last consumed record.
      await this.tx.addOffset({ topic, partition, offset: BigInt(offset) - 1n, metadata } as unknown as Parameters<Transaction['addOffset']>[0]);
    }
  }

  commit = () => this.tx.commit();
  abort = () => this.tx.abort();
  isActive = () => !this.tx.completed && this.producer.transaction === this.tx;
}

/** The transactional producer of an exactly-once job. */
export class PlatformaticTransactionalProducer implements TransactionalProducer {
  private readonly producer: Producer;

  constructor(options: BaseOptions, settings: ProducerSettings) {
    this.producer = new Producer({
      ...options,
      // The library sends its `timeout` as the transaction timeout of InitProducerId.
      timeout: settings.transactionTimeout,
      transactionalId: settings.transactionalId,
      idempotent: true,
      acks: -1,
      partitioner: partitioner(),
      // The coordinator answers CONCURRENT_TRANSACTIONS while the previous commit's markers are written.
      retries: 10,
      retryDelay: 50,
    });
  }

  async connect(): Promise<void> {
    await this.producer.metadata({ topics: [] });
  }

  disconnect = () => this.producer.close();

  async transaction(): Promise<KafkaTransaction> {
    return new PlatformaticTransaction(this.producer, await this.producer.beginTransaction());
  }

  async initialise(): Promise<void> {
    // The first transaction sends InitProducerId; cancelling it sends nothing (an EndTxn of an
    // empty transaction is refused by the broker). Producer id and epoch -1: a new producer for
    // this transactional.id. The library's default (0, 0) asks the broker to bump the epoch of
    // producer 0, which it answers with PRODUCER_FENCED once an earlier run left a transaction.
    const first = await this.producer.beginTransaction({ producerId: -1n, producerEpoch: -1 });
    await first.cancel();
  }
}
