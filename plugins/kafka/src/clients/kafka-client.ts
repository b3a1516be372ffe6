import type { Compression } from '../codecs/install-codecs.js';

/**
 * The Kafka client library a service uses (service key `client`). kafkajs is the default; the
 * plugin's connectors only see the interfaces below, so both behave the same to a job.
 */
export const KAFKA_CLIENTS = ['kafkajs', 'platformatic'] as const;
export type KafkaClientName = (typeof KAFKA_CLIENTS)[number];

/** Something a connector opened on the service that closing the service must disconnect. */
export interface Disconnectable {
  disconnect(): Promise<void>;
}

/** One consumed record. Offsets and timestamps are int64 decimal strings (kafkajs's own shape, so its messages pass through as they are). */
export interface ConsumedMessage {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

/** Records of one partition, in offset order. */
export interface ConsumedBatch {
  partition: number;
  messages: ConsumedMessage[];
}

/** What a batch handler may ask the consumer while it holds a batch. */
export interface BatchControl {
  /** Keeps the group membership alive while the handler waits (a no-op where heartbeats run on their own timer). */
  heartbeat(): Promise<void>;
  /** False once the consumer stops. */
  isRunning(): boolean;
  /** True once the partition was sought or reassigned since the batch was fetched. */
  isStale(): boolean;
  /** The handler is done with this offset: the partition's next fetch starts after the last resolved one. */
  resolveOffset(offset: string): void;
}

export interface ConsumerHandlers {
  /** After each group join: this member's partitions of the topic. Seeks made in here apply to this assignment. */
  onAssignment(partitions: number[]): void;
  /** One partition's records; the next batch of that partition waits until this resolves. */
  onBatch(batch: ConsumedBatch, control: BatchControl): Promise<void>;
  /** The consumer stopped for good (it is not restarting itself). */
  onCrash(error: unknown): void;
  /**
   * Trouble the client retries by itself (it lost the brokers and restarts the consumer): a
   * reason while it lasts, `undefined` once the consumer fetches or joins again.
   */
  onTrouble(reason: string | undefined): void;
}

export interface ConsumerSettings {
  groupId: string;
  sessionTimeout: number;
  heartbeatInterval: number;
  readUncommitted: boolean;
}

/** A consumer-group member reading one topic, with manual commits (auto-commit off). */
export interface KafkaConsumer extends Disconnectable {
  connect(): Promise<void>;
  /** Where a partition without a committed offset starts: the earliest (`fromBeginning`) or the latest offset. */
  subscribe(topic: string, fromBeginning: boolean): Promise<void>;
  /** Joins the group and starts fetching in the background; resolves once running. */
  run(handlers: ConsumerHandlers): Promise<void>;
  /** The partition's next fetch starts at `offset`. */
  seek(partition: number, offset: string): void;
  commit(topic: string, offsets: { partition: number; offset: string }[]): Promise<void>;
}

export interface OutgoingMessage {
  key: string | Buffer | null;
  /** null: a tombstone. */
  value: Buffer | null;
  headers?: Record<string, string>;
}

export interface SendRequest {
  topic: string;
  messages: OutgoingMessage[];
  compression: Compression;
}

/** An idempotent producer (acks = all); `send` resolves once the brokers acknowledged every message. */
export interface KafkaProducer extends Disconnectable {
  connect(): Promise<void>;
  send(request: SendRequest): Promise<void>;
}

export interface KafkaTransaction {
  send(request: SendRequest): Promise<void>;
  /** Commits the group's offsets with the transaction; `consumer` is the group member that read them. */
  sendOffsets(consumer: KafkaConsumer, groupId: string, topic: string, partitions: { partition: number; offset: string }[]): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
  /** False once committed or aborted. */
  isActive(): boolean;
}

/** The job's transactional producer. The first `transaction()` initialises it (fencing an older producer with the same id). */
export interface TransactionalProducer extends Disconnectable {
  connect(): Promise<void>;
  transaction(): Promise<KafkaTransaction>;
  /** Initialises the producer (InitProducerId): an older producer with this id is fenced and its open transaction completed or aborted. */
  initialise(): Promise<void>;
}

export interface TopicInfo {
  name: string;
  partitions: number;
}

/** Offsets per partition as int64 decimal strings; `-1` where the group has committed nothing. */
export interface PartitionOffset {
  partition: number;
  offset: string;
}

export interface KafkaAdmin extends Disconnectable {
  connect(): Promise<void>;
  /** How many brokers the cluster reports. */
  brokerCount(): Promise<number>;
  listTopics(): Promise<TopicInfo[]>;
  committedOffsets(groupId: string, topic: string): Promise<PartitionOffset[]>;
  /** Per partition, the first offset at or after `timestamp` (ms); `-1` where nothing is that recent. */
  offsetsByTimestamp(topic: string, timestamp: number): Promise<PartitionOffset[]>;
}

export interface ProducerSettings {
  transactionalId: string;
  transactionTimeout: number;
}

/** Creates the clients of one service. Nothing connects until a client's `connect`. */
export interface KafkaClient {
  readonly name: KafkaClientName;
  admin(): KafkaAdmin;
  consumer(settings: ConsumerSettings): KafkaConsumer;
  producer(): KafkaProducer;
  transactionalProducer(settings: ProducerSettings): TransactionalProducer;
}
