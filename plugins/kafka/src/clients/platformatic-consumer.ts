import { Consumer, ConnectionPool, FetchIsolationLevels, type BaseOptions, type RecordsBatch } from '@platformatic/kafka';

type FetchResponse = Awaited<ReturnType<Consumer['fetch']>>;
import type { BatchControl, ConsumedMessage, ConsumerHandlers, ConsumerSettings, KafkaConsumer } from './kafka-client.js';
import { toConsumedMessage } from './platformatic-records.js';

/** How long a fetch waits on the broker for data (short: an idle member stays responsive to rebalances and seeks). */
const MAX_WAIT_MS = 500;
/** Control batches (transaction markers) carry this attribute bit; they advance the offset but hold no message. */
const IS_CONTROL = 0x20;
const EARLIEST = -2n;
const LATEST = -1n;

/**
 * A consumer-group member on @platformatic/kafka, with its own fetch loop rather than the
 * library's MessagesStream: the stream has no seek, and a seek written into its offsets while a
 * fetch is in flight is overwritten when that fetch answers, which would lose an exactly-once
 * rewind. Here one fetch runs at a time, each partition's records go to `onBatch` and wait for
 * it, and a seek or a reassignment made meanwhile makes the fetched records stale (dropped).
 *
 * The library joins the group and heartbeats on its own timer (so `heartbeat()` is a no-op), and
 * rejoins after a rebalance, announcing it with `consumer:group:join`; partitions then start at
 * the seeks made in `onAssignment`, else the group's committed offset, else the earliest or latest
 * offset (`fromBeginning`), as kafkajs does.
 */
export class PlatformaticConsumer implements KafkaConsumer {
  readonly consumer: Consumer;
  /** Fetches use their own connections: a fetch waiting on the broker would hold up heartbeats and commits queued behind it. */
  private readonly fetchPool: ConnectionPool;
  private topic = '';
  private fromBeginning = true;
  private handlers?: ConsumerHandlers;
  private running = false;
  private loop?: Promise<void>;
  /** partition → next offset to fetch, for the partitions of the current assignment. */
  private positions = new Map<number, bigint>();
  private assigned: number[] = [];
  /** Bumped by every seek of a partition and every assignment: records fetched before are stale. */
  private versions = new Map<number, number>();
  private generation = 0;
  /** The assignment changed; positions not sought in `onAssignment` still have to be looked up. */
  private unresolved = false;
  private wake?: () => void;

  constructor(options: BaseOptions, private readonly settings: ConsumerSettings) {
    this.consumer = new Consumer({
      ...options,
      groupId: settings.groupId,
      sessionTimeout: settings.sessionTimeout,
      heartbeatInterval: settings.heartbeatInterval,
      // Within the session timeout, as kafkajs's default rebalanceTimeout is.
      rebalanceTimeout: Math.max(settings.sessionTimeout, 60_000),
      autocommit: false,
      isolationLevel: settings.readUncommitted ? FetchIsolationLevels.READ_UNCOMMITTED : FetchIsolationLevels.READ_COMMITTED,
    });
    this.fetchPool = new ConnectionPool(`${options.clientId}-fetch`, options);
  }

  async connect(): Promise<void> {
    await this.consumer.metadata({ topics: [] });
  }

  async subscribe(topic: string, fromBeginning: boolean): Promise<void> {
    this.topic = topic;
    this.fromBeginning = fromBeginning;
    // The metadata request creates a missing topic (autocreateTopics), or fails UNKNOWN_TOPIC_OR_PARTITION while it is being created.
    await this.consumer.metadata({ topics: [topic], autocreateTopics: true, forceUpdate: true });
    this.consumer.topics.track(topic);
  }

  async run(handlers: ConsumerHandlers): Promise<void> {
    this.handlers = handlers;
    this.consumer.on('consumer:group:join', () => this.onJoin());
    this.running = true;
    await this.consumer.joinGroup({});
    this.loop = this.fetchLoop().catch((error: unknown) => {
      if (!this.running) return;
      this.running = false;
      handlers.onCrash(error);
    });
  }

  seek(partition: number, offset: string): void {
    this.positions.set(partition, BigInt(offset));
    this.bump(partition);
  }

  async commit(topic: string, offsets: { partition: number; offset: string }[]): Promise<void> {
    await this.consumer.commit({ offsets: offsets.map(({ partition, offset }) => ({ topic, partition, offset: BigInt(offset), leaderEpoch: -1 })) });
  }

  async disconnect(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.fetchPool.close().catch(() => undefined);
    // force: leave the group even while a commit is retried.
    await this.consumer.close(true);
  }

  /** A (re)join: every partition's records fetched before are stale; `onAssignment` may seek. */
  private onJoin(): void {
    const assignment = this.consumer.assignments?.find((a) => a.topic === this.topic)?.partitions ?? [];
    this.generation++;
    for (const partition of new Set([...this.assigned, ...assignment])) this.bump(partition);
    this.assigned = [...assignment].sort((a, b) => a - b);
    this.positions = new Map();
    this.unresolved = true;
    this.handlers?.onAssignment(this.assigned);
    this.wake?.();
  }

  private bump(partition: number): void {
    this.versions.set(partition, (this.versions.get(partition) ?? 0) + 1);
  }

  private async fetchLoop(): Promise<void> {
    while (this.running) {
      if (this.unresolved) await this.resolvePositions();
      if (this.assigned.length === 0) {
        await this.idle(200);
        continue;
      }
      await this.fetchOnce();
    }
  }

  /** Starts each assigned partition not sought at the group's committed offset, else at the earliest or latest offset. */
  private async resolvePositions(): Promise<void> {
    const generation = this.generation;
    const missing = this.assigned.filter((p) => !this.positions.has(p));
    if (missing.length === 0) {
      this.unresolved = false;
      return;
    }
    const committed = await this.consumer.listCommittedOffsets({ topics: [{ topic: this.topic, partitions: missing }] });
    const fallback = await this.consumer.listOffsets({ topics: [this.topic], partitions: { [this.topic]: missing }, timestamp: this.fromBeginning ? EARLIEST : LATEST });
    if (generation !== this.generation) return; // reassigned meanwhile: resolve the new assignment instead
    const group = committed.get(this.topic) ?? [];
    const edge = fallback.get(this.topic) ?? [];
    for (const partition of missing) {
      if (this.positions.has(partition)) continue; // sought meanwhile
      const offset = group[partition] !== undefined && group[partition] >= 0n ? group[partition] : edge[partition];
      if (offset !== undefined) this.positions.set(partition, offset);
    }
    this.unresolved = false;
  }

  /** One fetch per partition leader, then each partition's records to the handler, in partition order. */
  private async fetchOnce(): Promise<void> {
    const metadata = await this.consumer.metadata({ topics: [this.topic] });
    const topic = metadata.topics.get(this.topic);
    if (!topic) return this.idle(200);
    const byLeader = new Map<number, number[]>();
    for (const partition of this.assigned) {
      if (!this.positions.has(partition)) continue;
      const leader = topic.partitions[partition]?.leader;
      if (leader === undefined || leader < 0) continue;
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), partition]);
    }
    if (byLeader.size === 0) return this.idle(200);
    for (const [leader, partitions] of byLeader) {
      if (!this.running || this.unresolved) return;
      const requested = new Map(partitions.map((p) => [p, { offset: this.positions.get(p)!, version: this.versions.get(p) ?? 0 }]));
      const response = await this.fetch({
        node: leader,
        connectionPool: this.fetchPool,
        maxWaitTime: MAX_WAIT_MS,
        topics: [
          {
            topicId: topic.id,
            partitions: partitions.map((partition) => ({
              partition,
              fetchOffset: requested.get(partition)!.offset,
              partitionMaxBytes: 1_048_576,
              // No leader-epoch fencing: a stale epoch would fail the fetch, and metadata is refreshed anyway.
              currentLeaderEpoch: -1,
              lastFetchedEpoch: -1,
            })),
          },
        ],
      });
      if (!response) return; // stale metadata: refreshed, the next round fetches again
      for (const entry of response.responses) {
        for (const answer of entry.partitions) {
          const asked = requested.get(answer.partitionIndex);
          if (!asked || !this.running) continue;
          await this.deliver(answer.partitionIndex, asked.offset, asked.version, answer.records ?? []);
        }
      }
    }
  }

  /**
   * A fetch whose answer names partition errors arrives as an error holding the answer. An offset
   * out of range (retention removed it, or the topic was re-created) starts that partition over as
   * a new group would; stale metadata (leader moved) is refreshed. Both give `undefined`: nothing
   * is delivered this round. Anything else is thrown (the consumer crashes; the source rebuilds it).
   */
  private async fetch(options: Parameters<Consumer['fetch']>[0]): Promise<FetchResponse | undefined> {
    try {
      return await this.consumer.fetch(options);
    } catch (error) {
      const found = (error as { findBy?: (key: string, value: unknown) => unknown }).findBy;
      const response = (error as { response?: FetchResponse }).response;
      if (found?.call(error, 'apiId', 'OFFSET_OUT_OF_RANGE') && response) {
        // Nothing of this answer is delivered (the library filters aborted transactions only from
        // answers without errors); the other partitions are fetched again next round.
        for (const entry of response.responses) {
          for (const answer of entry.partitions) if (answer.errorCode === 1) this.positions.delete(answer.partitionIndex);
        }
        this.unresolved = true;
        return undefined;
      }
      if (found?.call(error, 'hasStaleMetadata', true)) {
        this.consumer.clearMetadata();
        await this.idle(200);
        return undefined;
      }
      throw error;
    }
  }

  private async deliver(partition: number, from: bigint, version: number, batches: RecordsBatch[]): Promise<void> {
    const current = () => this.running && (this.versions.get(partition) ?? 0) === version;
    if (!current() || batches.length === 0) return;
    const messages: ConsumedMessage[] = [];
    let next = from;
    for (const batch of batches) {
      const end = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n;
      if (end > next) next = end;
      if (batch.attributes & IS_CONTROL) continue;
      for (const record of batch.records) {
        const offset = batch.firstOffset + BigInt(record.offsetDelta);
        // A fetch answers whole record batches: drop what precedes the requested offset.
        if (offset >= from) messages.push(toConsumedMessage(record, offset, batch.firstTimestamp));
      }
    }
    let resolved: bigint | undefined;
    if (messages.length > 0) {
      const control: BatchControl = {
        heartbeat: async () => undefined,
        isRunning: () => this.running,
        isStale: () => !current(),
        resolveOffset: (offset) => {
          resolved = BigInt(offset);
        },
      };
      await this.handlers!.onBatch({ partition, messages }, control);
    }
    if (!current()) return; // sought or reassigned meanwhile: that position wins
    // Everything handled: continue after the batch (past trailing transaction markers too);
    // otherwise after the last resolved offset, as kafkajs does.
    const last = messages.at(-1);
    if (messages.length === 0 || (resolved !== undefined && last && resolved >= BigInt(last.offset))) this.positions.set(partition, next);
    else if (resolved !== undefined) this.positions.set(partition, resolved + 1n);
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
