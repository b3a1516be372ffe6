import { MstreamError, type ConnectorContext, type Source, type StreamEvent } from '@mstream/sdk';
import { BSON, Timestamp, type Document } from 'mongodb';
import type { ChangeStream, ChangeStreamOptions } from 'mongodb';
import { TERMINAL_OPERATIONS, changeToEvent, type Namespace, type RawChange } from './change-event.js';
import { idToKey } from './document-key.js';
import { isRawStageRejected, isUnresumable, toMstreamError } from './mongo-errors.js';
import type { MongoHandle } from './mongo-service.js';
import { decodePosition, describeStart, encodePosition, startOptions, timestampParts, tokenText, type SourcePosition, type StreamStart } from './position.js';
import { RAW_FIELDS, rawFieldsOption, withRawDocumentsStage } from './raw-documents.js';
import { SPLIT_STAGE, SplitEventAssembler } from './split-events.js';
import { parseStartTime, type MongoSourceOptions } from './source-options.js';
import { watchServerHealth } from './server-health.js';

type Pulled = { doc: RawChange | null } | { error: unknown };

/** The server's code for a change event over 16 MiB (with the full document or pre-image). */
const BSON_OBJECT_TOO_LARGE = 10334;

/** `resource = "*"` watches the whole database instead of one collection. */
export const WHOLE_DATABASE = '*';

/**
 * Change-stream source with an optional initial snapshot. Pull model: `read` calls `tryNext`
 * (one getMore at most, bounded by `max_await_ms`) and returns as soon as the next document
 * would need a round trip, or when the host aborts; a `tryNext` still running then is kept and
 * consumed by the next `read`, so aborting never loses an event and never breaks a connection.
 */
export class ChangeStreamSource implements Source {
  private stream?: ChangeStream;
  /** A `tryNext` started by an earlier `read` (or `open`) and not yet consumed. */
  private inflight?: { promise: Promise<Pulled> };
  private settled?: Pulled;
  private pendingError?: Error;
  private phase: 'idle' | 'snapshot' | 'stream' = 'idle';
  private snapshot?: { lastId?: unknown; streamStart: StreamStart };
  /** Where the current stream started; offered as the idle position until the driver has a token. */
  private streamStart?: StreamStart;
  private closed = false;
  /** Starts as configured; switched off for good when the server refuses the raw-documents stage. */
  private rawDocuments: boolean;
  /** Fragments of a split event, held until its last one arrives. */
  private readonly fragments = new SplitEventAssembler();
  private readonly ns: Namespace;
  private readonly logger: ConnectorContext['logger'];
  /** After the last change `read` handed out (its token), or undefined: from `streamStart`. */
  private resumeFrom?: StreamStart;
  /**
   * Set when the stream failed in a way the driver did not recover from (it closes the stream
   * after a failed resume, e.g. the server was away longer than serverSelectionTimeoutMS): the
   * next `read` opens a new stream there, so a server that comes back is read from again.
   */
  private reopenAt?: StreamStart;
  private readonly stopWatchingServer: () => void;

  constructor(
    private readonly handle: MongoHandle,
    private readonly resource: string,
    private readonly options: MongoSourceOptions,
    context: ConnectorContext,
  ) {
    this.ns = { database: handle.dbName, collection: resource === WHOLE_DATABASE ? '' : resource };
    this.logger = context.logger.child({ collection: resource });
    this.rawDocuments = options.raw_documents;
    this.stopWatchingServer = watchServerHealth(handle.client, context.health);
  }

  async open(position: Uint8Array | undefined, signal: AbortSignal): Promise<void> {
    try {
      const saved = position ? decodePosition(position) : undefined;
      if (saved?.phase === 'snapshot') {
        this.snapshot = { lastId: saved.last_id, streamStart: saved.stream_start };
        this.phase = 'snapshot';
        this.logger.info({ last_id: saved.last_id === undefined ? null : idToKey(saved.last_id) }, 'continuing the initial snapshot');
      } else if (saved) {
        await this.openStream(saved, signal);
      } else if (this.options.snapshot) {
        // Taken BEFORE the copy: changes made while copying are streamed afterwards (maybe twice, never lost).
        this.snapshot = { streamStart: await this.captureStart(true) };
        this.phase = 'snapshot';
      } else {
        const at = parseStartTime(this.options.start_at_operation_time);
        await this.openStream(at ? { operation_time: timestampParts(at) } : await this.captureStart(), signal);
      }
    } catch (error) {
      throw toMstreamError(error, `mongodb: cannot open the change stream on ${this.describeTarget()}`);
    }
  }

  async read(max: number, signal: AbortSignal): Promise<StreamEvent[]> {
    if (this.pendingError) {
      const error = this.pendingError;
      this.pendingError = undefined;
      throw error;
    }
    if (this.closed) return [];
    if (this.phase === 'snapshot') return this.readSnapshot(max);
    if (this.reopenAt) {
      const at = this.reopenAt;
      this.logger.info({ from: describeStart(at) }, 'reopening the change stream after a failure');
      // Fails (and is retried by the host) while the server is still away.
      await this.openStream(at, signal);
    }
    const out: StreamEvent[] = [];
    while (out.length < max && !signal.aborted && this.stream) {
      let result: Pulled | undefined;
      if (this.inflight) {
        // A pull from an earlier call (or the round trip started below): take it if it settled;
        // with events in hand, never wait for the server.
        result = this.settled ?? (out.length > 0 ? undefined : await untilAborted(this.inflight.promise, signal));
        if (!result) break;
        this.dropInflight();
      } else if (this.stream.bufferedCount() > 0) {
        // Buffered documents: tryNext answers from memory, no round trip and no timer.
        try {
          result = { doc: (await this.stream.tryNext()) as RawChange | null };
        } catch (error) {
          result = { error };
        }
      } else {
        // The buffer is empty: start the next getMore now. With events in hand, return them and
        // let the round trip run while the host processes this batch; the next read takes it.
        this.pull();
        if (out.length > 0) break;
        continue;
      }
      if ('error' in result) {
        const handled = await this.onStreamError(result.error, signal).catch((error: Error) => error);
        if (handled === true) continue;
        if (out.length === 0) throw handled;
        this.pendingError = handled as Error;
        break;
      }
      if (!result.doc) break;
      let change: RawChange | undefined;
      try {
        change = this.fragments.add(result.doc);
      } catch (error) {
        if (out.length === 0) throw error;
        this.pendingError = error as Error;
        break;
      }
      if (!change) continue;
      // The resume token of the document that completed the change: a new stream resumes after it.
      this.resumeFrom = { token: result.doc._id as Document };
      if (change.operationType === 'invalidate') {
        const restarted = await this.onInvalidate(change, signal).catch((error: Error) => error);
        if (restarted === true) continue;
        if (out.length === 0) throw restarted;
        this.pendingError = restarted as Error;
        break;
      }
      const event = changeToEvent(change, this.ns);
      if (event) out.push(event);
      else if (TERMINAL_OPERATIONS.has(change.operationType)) this.logger.info({ operation_type: change.operationType }, 'change stream reported a DDL event; skipped');
    }
    return out;
  }

  async ack(): Promise<void> {
    // Nothing to commit upstream: the resume token in each event's position is the whole state.
  }

  idlePosition(): Uint8Array | undefined {
    // An event already pulled (buffered or in flight) is newer than anything acked: offering
    // the driver's token now could skip it.
    if (this.phase !== 'stream' || this.inflight || !this.stream || this.fragments.pending) return undefined;
    const token = this.stream.resumeToken as Document | null | undefined;
    if (token) return encodePosition({ phase: 'stream', token });
    return this.streamStart ? encodePosition({ phase: 'stream', ...this.streamStart }) : undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stream = this.stream;
    this.stream = undefined;
    await stream?.close().catch(() => undefined);
    await this.inflight?.promise;
    this.dropInflight();
    this.stopWatchingServer();
  }

  /** Starts (or returns) the pending `tryNext`; `settled` holds its result once it is in. */
  private pull(): Promise<Pulled> {
    if (!this.inflight) {
      const pending: { promise: Promise<Pulled> } = {
        promise: this.stream!.tryNext().then(
          (doc): Pulled => ({ doc: doc as RawChange | null }),
          (error: unknown): Pulled => ({ error }),
        ),
      };
      pending.promise.then((result) => {
        if (this.inflight === pending) this.settled = result;
      });
      this.inflight = pending;
    }
    return this.inflight.promise;
  }

  private dropInflight(): void {
    this.inflight = undefined;
    this.settled = undefined;
  }

  /** `raw` off for probes that only look at times and tokens. */
  private watch(start: StreamStart | undefined, raw = this.rawDocuments): ChangeStream {
    const options: ChangeStreamOptions = {
      fullDocument: this.options.full_document,
      maxAwaitTimeMS: this.options.max_await_ms,
      // Keeps Int32/Double/Long as they were, so the BSON payload round-trips byte for byte.
      promoteValues: false,
      ...(start ? startOptions(start) : {}),
    };
    const preImages = this.options.full_document_before_change !== 'off';
    if (preImages) options.fullDocumentBeforeChange = this.options.full_document_before_change;
    // The split stage goes last, after the raw-documents stage, as MongoDB requires.
    const user = this.options.pipeline;
    const splitAlready = user.length > 0 && '$changeStreamSplitLargeEvent' in user[user.length - 1];
    let pipeline = this.options.split_large_events && !splitAlready ? [...user, SPLIT_STAGE] : user;
    if (raw) {
      const fields = preImages ? RAW_FIELDS : RAW_FIELDS.slice(0, 1);
      pipeline = withRawDocumentsStage(pipeline, fields);
      options.fieldsAsRaw = rawFieldsOption(fields);
    }
    const target = this.resource === WHOLE_DATABASE ? this.handle.db : this.handle.db.collection(this.resource);
    return target.watch(pipeline, options);
  }

  /**
   * Opens the stream at `start` and runs its first round trip now, so a token the server refuses
   * surfaces in `open` (handled by `on_unresumable`) rather than in the middle of reading.
   */
  private async openStream(start: StreamStart | undefined, signal: AbortSignal): Promise<void> {
    await this.stream?.close().catch(() => undefined);
    this.dropInflight();
    this.fragments.reset();
    this.stream = this.watch(start);
    this.streamStart = start;
    this.resumeFrom = undefined;
    this.reopenAt = undefined;
    this.phase = 'stream';
    const first = await untilAborted(this.pull(), signal);
    if (first && 'error' in first) {
      this.dropInflight();
      if (this.rawDocuments && isRawStageRejected(first.error)) {
        this.logger.warn({ err: (first.error as Error).message }, 'the server refuses the raw-documents stage; decoding and re-encoding documents instead (set raw_documents = false to skip this attempt)');
        this.rawDocuments = false;
        return this.openStream(start, signal);
      }
      const handled = await this.onStreamError(first.error, signal);
      if (handled !== true) throw handled;
    }
    this.logger.info({ from: describeStart(start) }, 'change stream opened');
  }

  /** Resolves true when the error was handled by restarting, else rejects/returns the error to raise. */
  private async onStreamError(error: unknown, signal: AbortSignal): Promise<true | Error> {
    if (isUnresumable(error)) {
      const lost = describeStart(this.streamStart);
      if (this.options.on_unresumable === 'restart_from_now') {
        this.logger.warn({ lost_position: lost, err: (error as Error).message }, 'the saved position can no longer be resumed; restarting the change stream from now (changes in between are lost)');
        await this.openStream(await this.captureStart(), signal);
        return true;
      }
      return new MstreamError(
        'MS_ERR_NOT_FOUND',
        `mongodb: the change stream on ${this.describeTarget()} cannot resume from ${lost} (no longer in the oplog, or not a valid token): ${(error as Error).message}. Set the source option on_unresumable = "restart_from_now" to continue from now, accepting the gap.`,
        { cause: error, pluginCode: 'ChangeStreamHistoryLost' },
      );
    }
    if ((error as { code?: unknown })?.code === BSON_OBJECT_TOO_LARGE && !this.options.split_large_events) {
      return new MstreamError(
        'MS_ERR_DATA',
        `mongodb: a change event on ${this.describeTarget()} exceeds 16 MiB (BSONObjectTooLarge) and cannot be sent whole. Set the source option split_large_events = true (MongoDB 7.0 or 6.0.9+) to receive it in fragments, which the source reassembles.`,
        { cause: error, retriable: false, pluginCode: 'BSONObjectTooLarge' },
      );
    }
    // mongo-java-server fails the getMore with this instead of sending drop + invalidate.
    if (/Collection \[.*\] not found/.test((error as Error)?.message ?? '')) return this.onInvalidate(undefined, signal);
    // The driver resumes by itself where it can; an error that reaches us may have left the
    // stream closed ("ChangeStream is closed" on every later call), so the next read starts a
    // new one after the last change handed out.
    this.dropInflight();
    this.reopenAt = this.resumeFrom ?? this.streamStart;
    return toMstreamError(error, `mongodb: reading the change stream on ${this.describeTarget()} failed`);
  }

  private async onInvalidate(change: RawChange | undefined, signal: AbortSignal): Promise<true | Error> {
    if (this.options.on_unresumable === 'restart_from_now') {
      this.logger.warn({ collection: this.resource }, 'change stream invalidated (dropped or renamed); starting a new stream after it');
      await this.openStream(change ? { token: change._id } : await this.captureStart(), signal);
      return true;
    }
    return new MstreamError(
      'MS_ERR_NOT_FOUND',
      `mongodb: the change stream on ${this.describeTarget()} was invalidated (the collection was dropped or renamed, or the database dropped). The job stops; set on_unresumable = "restart_from_now" to continue after the invalidation.`,
      { pluginCode: 'ChangeStreamInvalidated' },
    );
  }

  /**
   * A start point at or before "now": the token of a freshly opened stream (real MongoDB gives a
   * post-batch token at once), else the deployment's operation time, else just after the newest
   * oplog entry (mongo-java-server has neither of the first two), else the wall clock one second
   * back (at worst a few changes of that second are delivered twice).
   */
  private async captureStart(beforeCopy = false): Promise<StreamStart> {
    const probe = this.watch(undefined, false);
    try {
      const change = (await probe.tryNext()) as RawChange | null;
      // A change caught by the probe happened before a snapshot copy starts (the copy reflects
      // it), so resuming after it is right there; a plain stream must start AT it instead.
      if (change?.clusterTime && !beforeCopy) return { operation_time: timestampParts(change.clusterTime) };
      const token = probe.resumeToken as Document | null;
      if (token) return { token };
    } finally {
      await probe.close().catch(() => undefined);
    }
    const reply = await this.handle.db.command({ ping: 1 });
    if (reply.operationTime instanceof Timestamp) return { operation_time: timestampParts(reply.operationTime) };
    const latest = await this.latestOplogTime();
    if (latest) return { operation_time: { t: latest.t, i: latest.i + 1 } };
    return { operation_time: { t: Math.floor(Date.now() / 1000) - 1, i: 0 } };
  }

  /**
   * The newest oplog entry's time, when the oplog is readable (needs read access to `local`).
   * Sorted by `ts`, not `$natural`: mongo-java-server reuses slots after deletes, so natural order
   * is not time order there. Only reached on servers without `operationTime` (never a real
   * replica set), so the unindexed sort is acceptable.
   */
  private async latestOplogTime(): Promise<{ t: number; i: number } | undefined> {
    try {
      const [entry] = await this.handle.client.db('local').collection('oplog.rs').find({}, { projection: { ts: 1 }, sort: { ts: -1 }, limit: 1 }).toArray();
      return entry?.ts instanceof Timestamp ? timestampParts(entry.ts) : undefined;
    } catch {
      return undefined;
    }
  }

  private async readSnapshot(max: number): Promise<StreamEvent[]> {
    const snapshot = this.snapshot!;
    const limit = Math.min(max, this.options.snapshot_batch_size);
    const filter: Document = snapshot.lastId === undefined ? {} : { _id: { $gt: snapshot.lastId } };
    let docs: Document[];
    try {
      docs = await this.handle.db.collection(this.resource).find(filter, { sort: { _id: 1 }, limit, promoteValues: false }).toArray();
    } catch (error) {
      throw toMstreamError(error, `mongodb: snapshot query on ${this.describeTarget()} failed`);
    }
    if (docs.length === 0) {
      this.logger.info({}, 'initial snapshot finished; streaming changes');
      this.snapshot = undefined;
      try {
        await this.openStream(snapshot.streamStart, AbortSignal.timeout(30_000));
      } catch (error) {
        throw toMstreamError(error, `mongodb: cannot open the change stream on ${this.describeTarget()}`);
      }
      return [];
    }
    // The stream start tells two snapshots apart: a later copy of the same document is a new record.
    const idPrefix = `mongodb:${this.ns.database}.${this.resource}/snapshot/${tokenText(snapshot.streamStart)}/`;
    const events = docs.map((doc): StreamEvent => ({
      position: encodePosition({ phase: 'snapshot', last_id: doc._id, stream_start: snapshot.streamStart }),
      id: idPrefix + BSON.EJSON.stringify(doc._id, { relaxed: false }),
      operation: 'snapshot',
      key: idToKey(doc._id),
      payload: BSON.serialize(doc),
      encoding: 'bson',
      attributes: { operation_type: 'snapshot', database: this.ns.database, collection: this.resource },
    }));
    snapshot.lastId = docs[docs.length - 1]._id;
    return events;
  }

  private describeTarget(): string {
    return this.resource === WHOLE_DATABASE ? `database ${this.handle.dbName}` : `${this.handle.dbName}.${this.resource}`;
  }
}

/** The promise's value if it is already settled (buffered documents), else undefined. */
function settledNow<T>(promise: Promise<T>): Promise<T | undefined> {
  return Promise.race([promise, new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)))]);
}

/** The promise's value, or undefined as soon as `signal` aborts (the promise keeps running). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return settledNow(promise);
  return new Promise((resolve) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then((value) => {
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
  });
}

export type { SourcePosition };
