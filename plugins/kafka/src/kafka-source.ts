import {
  ConnectionError,
  MstreamError,
  type ConnectorHealth,
  type ConnectorInit,
  type Encoding,
  type Logger,
  type SourceDefinition,
  type StreamEvent,
  type Transaction,
  type TransactionalSource,
} from '@mstream/sdk';
import { randomUUID } from 'node:crypto';
import { abortable } from './abortable.js';
import type { BatchControl, ConsumedBatch, KafkaConsumer, KafkaTransaction, TransactionalProducer } from './clients/kafka-client.js';
import { EventBuffer } from './event-buffer.js';
import { isFencedError, isRebalanceError, kafkaErrorType, toMstreamError, toTransactionError } from './kafka-errors.js';
import { toEvent } from './kafka-message.js';
import { withAdmin, type KafkaHandle } from './kafka-service.js';
import { decodeCheckpoint, decodePosition, encodeCheckpoint, maxOffset, nextOffset } from './positions.js';
import { kafkaSourceOptionsSchema, type KafkaSourceOptions } from './source-options.js';
import { planStart } from './start-positions.js';
import { kafkaTransaction, TRANSACTION_TIMEOUT_MS, transactionalIdFor, wrapTransaction } from './kafka-transactions.js';

/** How long an idle read waits for a message before answering `[]` (the host polls again). */
const IDLE_WAIT_MS = 1000;

/**
 * Reads one topic as a member of a consumer group. The client pushes partition batches into a bounded
 * buffer (eachBatch blocks while it is full, heartbeating), `read` pulls from it in arrival order,
 * and `ack` commits each partition's next offset only once every sink confirmed.
 *
 * Exactly-once (`delivery = "exactly_once"`): the source owns the job's transactional producer
 * (transactional.id `mstream-<host id>-<job name>`); each batch is a transaction the Kafka sinks
 * produce through, committed with the group's offsets (`sendOffsets`); `ack` is never used.
 */
export class KafkaSource implements TransactionalSource {
  private consumer?: KafkaConsumer;
  private readonly buffer: EventBuffer<StreamEvent>;
  private readonly groupId: string;
  private readonly encoding: Encoding;
  private readonly logger: Logger;
  private readonly health?: ConnectorHealth;
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
  /** Exactly-once: the job's transactional producer, its id, and where to rewind partitions with no commit yet. */
  private readonly transactional: boolean;
  private readonly transactionalId: string;
  private producer?: TransactionalProducer;
  /** The transaction begun and not yet committed or aborted; `close` aborts it. */
  private openTransaction?: KafkaTransaction;
  /** partition → first offset handed out since it was assigned, while no transaction committed an offset of it. */
  private readonly firstSeen = new Map<number, string>();
  /**
   * Dry run (`context.dryRun`): the start is planned from the job's group and checkpoint, but the
   * consumer joins a throwaway group of its own (so the job's members are not rebalanced) and
   * never commits; no transactional producer is created (it would fence the job's).
   */
  private readonly dryRun: boolean;
  private readonly consumerGroupId: string;

  constructor(
    private readonly handle: KafkaHandle,
    private readonly topic: string,
    private readonly options: KafkaSourceOptions,
    init: Pick<ConnectorInit<KafkaHandle, KafkaSourceOptions>, 'encoding' | 'context'>,
  ) {
    this.groupId = options.group_id ?? handle.settings.groupId ?? `mstream-${init.context.jobName}`;
    this.encoding = init.encoding;
    this.logger = init.context.logger.child({ topic, group: this.groupId });
    this.health = init.context.health;
    this.buffer = new EventBuffer(options.max_buffered_messages ?? Math.max(1000, 4 * init.context.batch.size));
    this.dryRun = init.context.dryRun === true;
    this.consumerGroupId = this.dryRun ? `mstream-dry-run-${randomUUID()}` : this.groupId;
    this.transactional = init.context.delivery === 'exactly_once' && !this.dryRun;
    this.transactionalId = transactionalIdFor(init.context.hostId, init.context.jobName);
  }

  async open(position: Uint8Array | undefined, signal: AbortSignal): Promise<void> {
    // Exactly-once: the committed offsets are the position; no checkpoint of the host's applies.
    this.checkpoint = this.transactional ? undefined : position;
    // First the producer: initialising it completes or aborts the transaction an earlier run of
    // this job left open, so the group's offsets read next are final.
    if (this.transactional) await this.initProducer(signal);
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
    if (this.transactional) throw new MstreamError('MS_ERR_INTERNAL', 'an exactly-once Kafka source commits in transactions, not through ack');
    if (this.dryRun) return this.encodeKnown(); // a dry run commits nothing
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
        await consumer.commit(this.topic, [...commits].map(([partition, offset]) => ({ partition, offset })));
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
    return this.transactional ? undefined : this.lastCheckpoint;
  }

  async beginTransaction(signal: AbortSignal): Promise<Transaction> {
    this.requireTransactional();
    const producer = this.producer ?? (await this.initProducer(signal));
    try {
      const tx = await abortable(producer.transaction(), signal, 'beginning a transaction');
      this.openTransaction = tx;
      return wrapTransaction({ kind: 'kafka-transaction', cluster: this.handle.cluster, transactionalId: this.transactionalId, tx });
    } catch (error) {
      throw toTransactionError(error, 'beginning a transaction', this.transactionalId);
    }
  }

  /**
   * Sends the batch's next offsets to the group inside the transaction and commits it. Positions
   * of partitions reassigned since they were read (or read by a consumer since rebuilt) fail the
   * commit instead: the host aborts and everything is read again from the committed offsets.
   */
  async commitTransaction(transaction: Transaction, positions: Uint8Array[], signal: AbortSignal): Promise<void> {
    this.requireTransactional();
    const { tx } = kafkaTransaction(transaction);
    const offsets = new Map<number, string>();
    for (const bytes of positions) {
      const position = decodePosition(bytes);
      if (!position) continue;
      if (!this.assigned.has(position.partition) || this.epochs.get(position.partition) !== position.epoch) {
        throw new ConnectionError(`partition ${position.partition} of topic "${this.topic}" was reassigned since this batch was read; aborting the transaction and reading again from the committed offsets`);
      }
      offsets.set(position.partition, maxOffset(offsets.get(position.partition), nextOffset(position.offset))!);
    }
    try {
      if (offsets.size > 0) {
        const partitions = [...offsets].map(([partition, offset]) => ({ partition, offset }));
        const consumer = this.consumer;
        if (!consumer) throw new ConnectionError(`the consumer of topic "${this.topic}" stopped since this batch was read; aborting the transaction`);
        await abortable(tx.sendOffsets(consumer, this.groupId, this.topic, partitions), signal, 'sending the offsets to the transaction');
      }
      await abortable(tx.commit(), signal, 'committing the transaction');
      if (this.openTransaction === tx) this.openTransaction = undefined;
    } catch (error) {
      throw toTransactionError(error, `committing the transaction of topic "${this.topic}" (group "${this.groupId}")`, this.transactionalId);
    }
    for (const [partition, offset] of offsets) {
      this.known.set(partition, maxOffset(this.known.get(partition), offset)!);
      this.firstSeen.delete(partition);
    }
  }

  /**
   * Aborts the transaction, then rewinds every assigned partition to its committed offset (or to
   * the first offset handed out, when none was committed yet) and drops what is buffered. When
   * the transaction's outcome is unknown (a commit that failed half-way, an abort that failed), the
   * producer is initialised again first (which completes or aborts it) and the committed offsets
   * are read back from the group.
   */
  async abortTransaction(transaction: Transaction | undefined, signal: AbortSignal): Promise<void> {
    this.requireTransactional();
    const tx = transaction ? kafkaTransaction(transaction).tx : undefined;
    if (this.openTransaction === tx) this.openTransaction = undefined;
    let settled = true;
    if (tx?.isActive()) {
      try {
        await abortable(tx.abort(), signal, 'aborting the transaction');
      } catch (error) {
        if (isFencedError(error)) throw toTransactionError(error, 'aborting the transaction', this.transactionalId);
        this.logger.warn({ err: (error as Error).message }, 'aborting the transaction failed; initialising the producer again');
        settled = false;
      }
    } else if (tx) settled = false;
    if (!settled) {
      await this.resetProducer(signal);
      await this.refreshCommitted(signal);
    }
    this.rewind();
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.buffer.close();
    await this.stopConsumer();
    // A job stopped mid-batch: abort its transaction now rather than leave read_committed readers
    // of the sink topics waiting for the broker's timeout (the next start would abort it too).
    const open = this.openTransaction;
    this.openTransaction = undefined;
    if (open?.isActive()) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([open.abort(), new Promise((resolve) => (timer = setTimeout(resolve, 2000)))])
        .catch((error: unknown) => this.logger.debug({ err: (error as Error).message }, 'aborting the open transaction at close failed'))
        .finally(() => clearTimeout(timer));
    }
    await this.stopProducer();
  }

  private requireTransactional(): void {
    if (!this.transactional) throw new MstreamError('MS_ERR_INTERNAL', 'transactions are only used by jobs with delivery = "exactly_once"');
  }

  /**
   * Creates and initialises the job's transactional producer. Its first transaction sends
   * InitProducerId, which bumps the producer epoch for this transactional.id (an older producer
   * with it is fenced) and completes or aborts whatever transaction it left open.
   */
  private async initProducer(signal: AbortSignal): Promise<TransactionalProducer> {
    const producer = this.handle.client.transactionalProducer({ transactionalId: this.transactionalId, transactionTimeout: TRANSACTION_TIMEOUT_MS });
    this.handle.clients.add(producer);
    try {
      await abortable(producer.connect(), signal, 'connecting the transactional producer');
      await abortable(producer.initialise(), signal, 'initialising the transactional producer');
    } catch (error) {
      this.handle.clients.delete(producer);
      await producer.disconnect().catch(() => undefined);
      throw toTransactionError(error, `initialising the transactional producer "${this.transactionalId}"`, this.transactionalId);
    }
    this.producer = producer;
    this.logger.info({ transactional_id: this.transactionalId }, 'transactional producer ready');
    return producer;
  }

  private async resetProducer(signal: AbortSignal): Promise<void> {
    await this.stopProducer();
    await this.initProducer(signal);
  }

  private async stopProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    if (!producer) return;
    this.handle.clients.delete(producer);
    await producer.disconnect().catch((error: unknown) => this.logger.debug({ err: (error as Error).message }, 'producer disconnect failed'));
  }

  /** The group's committed offsets, read back after a transaction whose outcome was unknown. */
  private async refreshCommitted(signal: AbortSignal): Promise<void> {
    const offsets = await withAdmin(this.handle, signal, `reading the committed offsets of group "${this.groupId}"`, (admin) =>
      admin.committedOffsets(this.groupId, this.topic),
    );
    for (const { partition, offset } of offsets) {
      if (BigInt(offset) < 0n) continue;
      this.known.set(partition, offset);
      this.firstSeen.delete(partition);
    }
  }

  /**
   * Exactly-once rewind: every assigned partition goes back to its committed offset (or the first
   * offset handed out since its assignment); buffered messages are dropped and the epochs bumped,
   * so a fetch in progress hands out nothing more and positions read before are refused at commit.
   */
  private rewind(): void {
    this.buffer.clear();
    const consumer = this.consumer;
    const seeks: Record<number, string> = {};
    for (const partition of this.assigned) {
      this.epochs.set(partition, (this.epochs.get(partition) ?? 0) + 1);
      this.fetchFrom.delete(partition);
      const target = this.known.get(partition) ?? this.firstSeen.get(partition);
      if (target === undefined) continue;
      this.fetchFrom.set(partition, target);
      consumer?.seek(partition, target);
      seeks[partition] = target;
    }
    this.logger.info({ seeks }, 'transaction aborted: reading again from the committed offsets');
  }

  /** Connects, plans the start positions, joins the group; cleans up and throws ConnectionError on failure. */
  private async start(signal: AbortSignal): Promise<void> {
    const seekBack = this.options.offset_seek_back_seconds ?? this.handle.settings.seekBackSeconds;
    const plan = await withAdmin(this.handle, signal, `planning the start of topic "${this.topic}"`, (admin) =>
      planStart(admin, this.topic, this.groupId, decodeCheckpoint(this.checkpoint), seekBack, this.logger),
    );
    for (const [partition, offset] of plan.known) this.known.set(partition, maxOffset(this.known.get(partition), offset)!);
    this.pendingSeeks = plan.seeks;
    // Dry run: its own group has no offsets, so every partition the job's group has committed
    // (or the checkpoint names) is sought explicitly; the others start as a new group of the job would.
    if (this.dryRun) this.pendingSeeks = new Map([...plan.known, ...plan.seeks]);
    this.logger.debug({ reason: plan.reason, seeks: Object.fromEntries(plan.seeks) }, 'start positions');

    const { settings, client } = this.handle;
    const consumer = client.consumer({
      groupId: this.consumerGroupId,
      sessionTimeout: settings.sessionTimeout ?? 30_000,
      heartbeatInterval: settings.heartbeatInterval ?? 3000,
      readUncommitted: this.options.isolation_level === 'read_uncommitted',
    });
    this.consumer = consumer;
    this.handle.clients.add(consumer);
    try {
      await consumer.connect();
      await this.subscribe(consumer, signal);
      await consumer.run({
        onAssignment: (partitions) => this.onAssignment(consumer, partitions),
        onBatch: (batch, control) => this.onBatch(consumer, batch, control),
        onCrash: (error) => {
          this.logger.warn({ err: (error as Error)?.message }, 'the Kafka consumer stopped; it is rebuilt at the next read');
          this.failure = error;
        },
        onTrouble: (reason) => {
          if (this.consumer !== consumer) return;
          if (reason) this.health?.degraded(`the consumer of topic "${this.topic}" (group "${this.groupId}") cannot fetch: ${reason}`);
          else this.health?.recovered();
        },
      });
    } catch (error) {
      await this.stopConsumer();
      throw toMstreamError(error, `consuming topic "${this.topic}" as group "${this.groupId}"`);
    }
  }

  /**
   * Subscribes, waiting a little for a topic the broker is still creating (the subscription's own
   * metadata request triggers auto-creation, but the clients give up at the first "unknown topic").
   */
  private async subscribe(consumer: KafkaConsumer, signal: AbortSignal): Promise<void> {
    const fromBeginning = this.options.from_beginning ?? this.handle.settings.fromBeginning;
    for (let attempt = 1; ; attempt++) {
      try {
        await consumer.subscribe(this.topic, fromBeginning);
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
   * so acks of events already handed out no longer commit. Kept partitions: the client restarts them
   * at the committed offset, so they are re-sought to where this member stopped handing out
   * (no duplicates). New partitions: the planned seek on the first assignment, else the group offset.
   */
  private onAssignment(consumer: KafkaConsumer, partitions: number[]): void {
    const now = new Set(partitions);
    const revoked = new Set([...this.assigned].filter((p) => !now.has(p)));
    for (const partition of revoked) this.fetchFrom.delete(partition);
    const dropped = this.buffer.drop(revoked);
    for (const partition of now) {
      if (!this.assigned.has(partition)) {
        this.epochs.set(partition, (this.epochs.get(partition) ?? 0) + 1);
        this.fetchFrom.delete(partition);
        // Exactly-once: a partition (re)gained starts at the group's committed offset, which
        // another member may have moved; the first message handed out says where that is.
        if (this.transactional && this.pendingSeeks.get(partition) === undefined) this.firstSeen.delete(partition);
        const seek = this.pendingSeeks.get(partition);
        if (seek !== undefined) this.fetchFrom.set(partition, seek);
      }
      const from = this.fetchFrom.get(partition);
      if (from !== undefined) consumer.seek(partition, from);
    }
    this.assigned = now;
    // Planned seeks apply to the first assignment only: later, the group's commits are fresher.
    this.pendingSeeks = new Map();
    this.logger.info({ partitions, revoked: [...revoked], dropped }, 'partitions assigned');
  }

  private async onBatch(consumer: KafkaConsumer, batch: ConsumedBatch, { resolveOffset, heartbeat, isRunning, isStale }: BatchControl): Promise<void> {
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
      if (this.transactional && !this.known.has(partition) && !this.firstSeen.has(partition)) this.firstSeen.set(partition, message.offset);
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
    // Start over from what every sink confirmed; events handed out since may come again
    // (exactly-once: their positions are refused at commit, so the host reads them again).
    this.checkpoint = this.encodeKnown(true);
    throw toMstreamError(failure, `the consumer of topic "${this.topic}" failed`);
  }

  /** `withFirstSeen`: exactly-once restarts also go back to the first offsets handed out of partitions never committed. */
  private encodeKnown(withFirstSeen = false): Uint8Array {
    const partitions: Record<string, string> = {};
    if (withFirstSeen && this.transactional) for (const [p, o] of this.firstSeen) partitions[String(p)] = o;
    for (const [p, o] of this.known) partitions[String(p)] = o;
    return encodeCheckpoint({ topic: this.topic, partitions });
  }

  private async stopConsumer(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    // Its trouble goes with it; a new consumer that fails to start is retried (and shown) by the host.
    this.health?.recovered();
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
  dryRun: true,
  // `tasks = N`: N members of the job's group; the group protocol spreads the partitions.
  tasks: true,
  transactions: {
    refuse(options, service) {
      if (options.offset_seek_back_seconds !== undefined || service.offset_seek_back_seconds !== undefined) {
        return 'offset_seek_back_seconds re-reads that window at every start, which would write those messages again; remove it (option or service key)';
      }
      if (options.isolation_level === 'read_uncommitted') {
        return 'isolation_level "read_uncommitted" would copy messages of aborted transactions; use read_committed (the default)';
      }
      return undefined;
    },
  },
  create({ service, resource, options, encoding, context }) {
    if (service.closed) throw new ConnectionError('the Kafka service was closed');
    return new KafkaSource(service, resource, options, { encoding, context });
  },
};
