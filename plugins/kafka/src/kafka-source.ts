import { ConnectionError, type ConnectorInit, type Encoding, type Logger, type Source, type SourceDefinition, type StreamEvent } from '@mstream/sdk';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { EventBuffer } from './event-buffer.js';
import { isRebalanceError, kafkaErrorType, toMstreamError } from './kafka-errors.js';
import { toEvent } from './kafka-message.js';
import { withAdmin, type KafkaHandle } from './kafka-service.js';
import { decodeCheckpoint, decodePosition, encodeCheckpoint, maxOffset, nextOffset } from './positions.js';
import { kafkaSourceOptionsSchema, type KafkaSourceOptions } from './source-options.js';
import { planStart } from './start-positions.js';

/** How long an idle read waits for a message before answering `[]` (the host polls again). */
const IDLE_WAIT_MS = 1000;

/**
 * Reads one topic as a member of a consumer group. kafkajs pushes partition batches into a bounded
 * buffer (eachBatch blocks while it is full, heartbeating), `read` pulls from it in arrival order,
 * and `ack` commits each partition's next offset only once every sink confirmed.
 */
export class KafkaSource implements Source {
  private consumer?: Consumer;
  private readonly buffer: EventBuffer<StreamEvent>;
  private readonly groupId: string;
  private readonly encoding: Encoding;
  private readonly logger: Logger;
  /** Partitions currently assigned to this member. */
  private assigned = new Set<number>();
  /** partition → assignment epoch; bumped at each new assignment so stale acks never commit. */
  private readonly epochs = new Map<number, number>();
  /** partition → next offset to hand out; re-applied after a rebalance that keeps the partition. */
  private readonly fetchFrom = new Map<number, string>();
  /** partition → next offset confirmed by every sink (or committed by the group): the checkpoint. */
  private readonly known = new Map<number, string>();
  private pendingSeeks = new Map<number, string>();
  private checkpoint?: Uint8Array;
  private lastCheckpoint?: Uint8Array;
  private failure?: unknown;
  private closing = false;

  constructor(
    private readonly handle: KafkaHandle,
    private readonly topic: string,
    private readonly options: KafkaSourceOptions,
    init: Pick<ConnectorInit<KafkaHandle, KafkaSourceOptions>, 'encoding' | 'context'>,
  ) {
    this.groupId = options.group_id ?? handle.settings.groupId ?? `mstream-${init.context.jobName}`;
    this.encoding = init.encoding;
    this.logger = init.context.logger.child({ topic, group: this.groupId });
    this.buffer = new EventBuffer(options.max_buffered_messages ?? Math.max(1000, 4 * init.context.batch.size));
  }

  async open(position: Uint8Array | undefined, signal: AbortSignal): Promise<void> {
    this.checkpoint = position;
    await this.start(signal);
  }

  async read(max: number, signal: AbortSignal): Promise<StreamEvent[]> {
    if (this.closing) return [];
    if (this.buffer.size === 0) {
      if (this.failure !== undefined) await this.recover();
      if (!this.consumer) await this.start(signal);
      await this.buffer.waitForData(IDLE_WAIT_MS, signal);
    }
    return this.buffer.take(max);
  }

  async ack(positions: Uint8Array[]): Promise<Uint8Array> {
    const commits = new Map<number, string>();
    for (const bytes of positions) {
      const position = decodePosition(bytes);
      if (!position) continue;
      const next = nextOffset(position.offset);
      this.known.set(position.partition, maxOffset(this.known.get(position.partition), next)!);
      // A partition revoked (or revoked and given back) since the read belongs to its new owner's commits.
      if (this.assigned.has(position.partition) && this.epochs.get(position.partition) === position.epoch) {
        commits.set(position.partition, maxOffset(commits.get(position.partition), next)!);
      }
    }
    const consumer = this.consumer;
    if (commits.size > 0 && consumer && !this.closing) {
      try {
        await consumer.commitOffsets([...commits].map(([partition, offset]) => ({ topic: this.topic, partition, offset })));
      } catch (error) {
        if (!isRebalanceError(error)) throw toMstreamError(error, `committing offsets of topic "${this.topic}"`);
        this.logger.info({ err: (error as Error).message }, 'offset commit skipped: the group is rebalancing; the new owner re-delivers');
      }
    }
    this.lastCheckpoint = this.encodeKnown();
    return this.lastCheckpoint;
  }

  /**
   * The newest checkpoint, offered again while idle: the host saves checkpoints at most once per
   * interval, so the last batch before a quiet period would otherwise stay unsaved until the next one.
   */
  idlePosition(): Uint8Array | undefined {
    return this.lastCheckpoint;
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.buffer.close();
    await this.stopConsumer();
  }

  /** Connects, plans the start positions, joins the group; cleans up and throws ConnectionError on failure. */
  private async start(signal: AbortSignal): Promise<void> {
    const seekBack = this.options.offset_seek_back_seconds ?? this.handle.settings.seekBackSeconds;
    const plan = await withAdmin(this.handle, signal, `planning the start of topic "${this.topic}"`, (admin) =>
      planStart(admin, this.topic, this.groupId, decodeCheckpoint(this.checkpoint), seekBack, this.logger),
    );
    for (const [partition, offset] of plan.known) this.known.set(partition, maxOffset(this.known.get(partition), offset)!);
    this.pendingSeeks = plan.seeks;
    this.logger.debug({ reason: plan.reason, seeks: Object.fromEntries(plan.seeks) }, 'start positions');

    const { settings, kafka } = this.handle;
    const consumer = kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: settings.sessionTimeout ?? 30_000,
      heartbeatInterval: settings.heartbeatInterval ?? 3000,
      // Short fetch waits keep an idle member responsive to rebalances.
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: true,
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 5000 },
    });
    this.consumer = consumer;
    this.handle.clients.add(consumer);
    consumer.on(consumer.events.GROUP_JOIN, (event) => this.onAssignment(consumer, event.payload.memberAssignment[this.topic] ?? []));
    consumer.on(consumer.events.CRASH, (event) => {
      if (event.payload.restart) return;
      this.logger.warn({ err: event.payload.error?.message }, 'the Kafka consumer stopped; it is rebuilt at the next read');
      this.failure = event.payload.error;
    });
    try {
      await consumer.connect();
      await this.subscribe(consumer, signal);
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 1,
        eachBatch: (payload) => this.onBatch(consumer, payload),
      });
    } catch (error) {
      await this.stopConsumer();
      throw toMstreamError(error, `consuming topic "${this.topic}" as group "${this.groupId}"`);
    }
  }

  /**
   * Subscribes, waiting a little for a topic the broker is still creating (the subscription's own
   * metadata request triggers auto-creation, but kafkajs gives up at the first "unknown topic").
   */
  private async subscribe(consumer: Consumer, signal: AbortSignal): Promise<void> {
    const fromBeginning = this.options.from_beginning ?? this.handle.settings.fromBeginning;
    for (let attempt = 1; ; attempt++) {
      try {
        await consumer.subscribe({ topics: [this.topic], fromBeginning });
        return;
      } catch (error) {
        const type = kafkaErrorType(error);
        if (attempt >= 20 || signal.aborted || (type !== 'UNKNOWN_TOPIC_OR_PARTITION' && type !== 'LEADER_NOT_AVAILABLE')) {
          if (type === 'UNKNOWN_TOPIC_OR_PARTITION') throw new ConnectionError(`topic "${this.topic}" does not exist (and the broker did not create it)`, { cause: error, pluginCode: type });
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  /**
   * A (re)assignment. Revoked partitions: their buffered events are dropped and their epoch bumped,
   * so acks of events already handed out no longer commit. Kept partitions: kafkajs restarts them
   * at the committed offset, so they are re-sought to where this member stopped handing out
   * (no duplicates). New partitions: the planned seek on the first assignment, else the group offset.
   */
  private onAssignment(consumer: Consumer, partitions: number[]): void {
    const now = new Set(partitions);
    const revoked = new Set([...this.assigned].filter((p) => !now.has(p)));
    for (const partition of revoked) this.fetchFrom.delete(partition);
    const dropped = this.buffer.drop(revoked);
    for (const partition of now) {
      if (!this.assigned.has(partition)) {
        this.epochs.set(partition, (this.epochs.get(partition) ?? 0) + 1);
        this.fetchFrom.delete(partition);
        const seek = this.pendingSeeks.get(partition);
        if (seek !== undefined) this.fetchFrom.set(partition, seek);
      }
      const from = this.fetchFrom.get(partition);
      if (from !== undefined) consumer.seek({ topic: this.topic, partition, offset: from });
    }
    this.assigned = now;
    // Planned seeks apply to the first assignment only: later, the group's commits are fresher.
    this.pendingSeeks = new Map();
    this.logger.info({ partitions, revoked: [...revoked], dropped }, 'partitions assigned');
  }

  private async onBatch(consumer: Consumer, { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { partition } = batch;
    const epoch = this.epochs.get(partition) ?? 0;
    const live = () => isRunning() && !isStale() && !this.closing && this.consumer === consumer && this.epochs.get(partition) === epoch;
    for (const message of batch.messages) {
      while (!this.buffer.hasRoom) {
        if (!live()) return;
        await this.buffer.waitForRoom(1000);
        // Blocking here is the back-pressure; heartbeats keep the membership (and surface rebalances).
        await heartbeat();
      }
      if (!live()) return;
      const from = this.fetchFrom.get(partition);
      // A fetch may return a record batch from before the requested offset; never hand those out twice.
      if (from !== undefined && BigInt(message.offset) < BigInt(from)) continue;
      if (message.value !== null || this.options.on_tombstone !== 'skip') {
        this.buffer.push(partition, toEvent(message, this.topic, partition, epoch, this.encoding));
      }
      this.fetchFrom.set(partition, nextOffset(message.offset));
      resolveOffset(message.offset);
    }
  }

  /** After the consumer crashed for good: drop it and report, so the host backs off; the next read rebuilds it. */
  private async recover(): Promise<never> {
    const failure = this.failure;
    this.failure = undefined;
    await this.stopConsumer();
    // Start over from what every sink confirmed; events handed out since may come again.
    this.checkpoint = this.encodeKnown();
    throw toMstreamError(failure, `the consumer of topic "${this.topic}" failed`);
  }

  private encodeKnown(): Uint8Array {
    return encodeCheckpoint({ topic: this.topic, partitions: Object.fromEntries([...this.known].map(([p, o]) => [String(p), o])) });
  }

  private async stopConsumer(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    for (const partition of this.assigned) this.epochs.set(partition, (this.epochs.get(partition) ?? 0) + 1);
    this.assigned = new Set();
    this.fetchFrom.clear();
    this.buffer.clear();
    if (!consumer) return;
    this.handle.clients.delete(consumer);
    await consumer.disconnect().catch((error: unknown) => this.logger.debug({ err: (error as Error).message }, 'consumer disconnect failed'));
  }
}

/** The `kafka` source: `resource` is the topic. */
export const kafkaSource: SourceDefinition<KafkaHandle, KafkaSourceOptions> = {
  provider: 'kafka',
  resume: 'at-least-once',
  resourceLabel: 'topic',
  optionsSchema: kafkaSourceOptionsSchema,
  create({ service, resource, options, encoding, context }) {
    if (service.closed) throw new ConnectionError('the Kafka service was closed');
    return new KafkaSource(service, resource, options, { encoding, context });
  },
};
