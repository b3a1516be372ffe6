import { Duration, type Message, type Subscription } from '@google-cloud/pubsub';
import { fromUtf8, type ConfigSchema, type ConnectorHealth, type Encoding, type Logger, type MstreamError, type Source, type SourceDefinition, type StreamEvent } from '@mstream/sdk';
import { toEvent } from './incoming-message.js';
import { ensureSubscription } from './provisioning.js';
import type { PubSubHandle } from './pubsub-service.js';
import { fullName } from './resource-names.js';
import { toMstreamError } from './pubsub-errors.js';
import { StreamHealth } from './stream-health.js';

/** Source options as validated by the schema below. */
export interface PubSubSourceOptions {
  max_outstanding_messages: number;
  ack_deadline_seconds: number;
  create_on_topic?: string;
}

/** How long an idle `read` waits for a message before answering `[]` (the host polls again). */
const IDLE_WAIT_MS = 500;
/** How long `close` waits for its nacks (and pending acks) to reach the server. */
const CLOSE_FLUSH = Duration.from({ seconds: 5 });

export const sourceOptionsSchema: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    max_outstanding_messages: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'Messages received but not yet acknowledged (buffered or in flight in the job). 0 = 4 × the job\'s batch size (at least 10).',
      'x-order': 1,
    },
    ack_deadline_seconds: {
      type: 'integer',
      minimum: 10,
      maximum: 600,
      default: 30,
      description: 'Lease of a message the job holds; the client renews it until the message is acked. After a crash, unacked messages come back after at most this long.',
      'x-order': 2,
    },
    create_on_topic: {
      type: 'string',
      minLength: 1,
      description: 'When the subscription does not exist, create it (and this topic, if missing) at open. Without it a missing subscription is an error.',
      'x-order': 3,
      'x-advanced': true,
    },
  },
};

/**
 * Reads a subscription with StreamingPull, bridged into the pull model: the client's `message`
 * events fill a buffer that `read` drains. Client flow control (no excess messages) bounds the
 * messages held — buffered plus handed to the job and not yet acked — to
 * `max_outstanding_messages`, so a slow sink pauses the stream instead of filling memory.
 *
 * Every held message stays in the client's lease manager, which keeps extending its ack deadline,
 * so nothing redelivers while the job is still working on it. A message is acked only in `ack`,
 * after every sink confirmed it; `close` nacks whatever was never acked, so it comes back at once.
 */
export class PubSubSource implements Source {
  private subscription?: Subscription;
  private buffer: Message[] = [];
  /** Handed to the job, not acked yet, by message id; a redelivery of a held message adds to the list. */
  private readonly held = new Map<string, Message[]>();
  private failure?: MstreamError;
  private wake?: () => void;
  private closed = false;
  /** The client closed the stream after an error and finished closing: the next read reopens it. */
  private reopen = false;

  constructor(
    private readonly handle: PubSubHandle,
    private readonly name: string,
    private readonly options: PubSubSourceOptions,
    private readonly maxOutstanding: number,
    private readonly encoding: Encoding,
    private readonly logger: Logger,
    /**
     * Dry run: never acks (everything received is nacked at close, so it is redelivered at once;
     * each such delivery counts toward a dead-letter policy's max_delivery_attempts) and never
     * creates the subscription or its topic.
     */
    private readonly dryRun = false,
    private readonly health?: ConnectorHealth,
  ) {}

  private streamHealth?: StreamHealth;

  async open(_position: Uint8Array | undefined, signal: AbortSignal): Promise<void> {
    // The subscription is the cursor: unacked messages are redelivered, so the checkpoint is not needed.
    const { create_on_topic: _create, ...noProvisioning } = this.options;
    await ensureSubscription(this.handle, this.name, this.dryRun ? noProvisioning : this.options, signal);
    if (this.closed) return;
    const deadline = Duration.from({ seconds: this.options.ack_deadline_seconds });
    this.subscription = this.handle.client.subscription(this.name, {
      flowControl: { maxMessages: this.maxOutstanding, allowExcessMessages: false },
      minAckDeadline: deadline,
      maxAckDeadline: deadline,
      closeOptions: { behavior: 'NACK', timeout: CLOSE_FLUSH },
    });
    this.subscription.on('message', this.onMessage);
    this.subscription.on('error', this.onError);
    this.subscription.on('close', this.onClose);
    const subscription = this.subscription;
    // A short, unretried call: it answers whether Pub/Sub is reachable, not whether it comes back.
    this.streamHealth = new StreamHealth(() => reachable(subscription), this.health, this.name);
    this.subscription.on('debug', this.onDebug);
    this.logger.debug({ subscription: this.name, max_outstanding: this.maxOutstanding }, 'pubsub: streaming pull started');
  }

  async read(max: number, signal: AbortSignal): Promise<StreamEvent[]> {
    this.throwFailure();
    if (this.reopen && this.subscription && !this.closed) {
      // Only once the client's own close finished: reopening earlier would let that close tear down the new stream's queues.
      this.reopen = false;
      this.subscription.open();
    }
    if (this.buffer.length === 0 && !signal.aborted) await this.waitForMessages(signal);
    this.throwFailure();
    const taken = this.buffer.splice(0, max);
    for (const message of taken) {
      const same = this.held.get(message.id);
      if (same) same.push(message);
      else this.held.set(message.id, [message]);
    }
    return taken.map((message) => toEvent(message, this.encoding, this.name));
  }

  async ack(positions: Uint8Array[]): Promise<void> {
    if (this.dryRun) return;
    for (const position of positions) {
      const id = fromUtf8(position);
      const messages = this.held.get(id);
      if (!messages) continue; // acked already (a retried ack) or from before a reopen: nothing to do
      this.held.delete(id);
      for (const message of messages) message.ack();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    const subscription = this.subscription;
    this.subscription = undefined;
    this.buffer = [];
    this.held.clear();
    this.streamHealth?.close();
    if (!subscription) return;
    try {
      // NACK behaviour: everything still held (buffered or in flight) is nacked and redelivers now.
      await subscription.close();
    } catch (error) {
      throw toMstreamError(error, `closing subscription ${this.name}`);
    } finally {
      subscription.removeAllListeners();
    }
  }

  private readonly onMessage = (message: Message): void => {
    if (this.closed) {
      message.nack();
      return;
    }
    this.buffer.push(message);
    this.streamHealth?.messageArrived();
    this.wake?.();
  };

  /** The client reports a stream it ends and retries only here (e.g. "…ended with status 14; will be retried."). */
  private readonly onDebug = (debug: { message?: string }): void => {
    const text = debug?.message ?? '';
    if (/will be retried/.test(text)) this.streamHealth?.streamRetried(text.replace(/\.$/, ''));
  };

  private readonly onError = (error: unknown): void => {
    this.failure = toMstreamError(error, `streaming pull from ${this.name}`);
    this.logger.warn({ subscription: this.name, err: this.failure.message }, 'pubsub: streaming pull failed');
    this.wake?.();
  };

  private readonly onClose = (): void => {
    // The client closed the stream (after an error) and nacked what it held: those will be
    // redelivered, so handing out the buffered copies would only make duplicates.
    this.buffer = [];
    this.reopen = !this.closed;
  };

  private throwFailure(): void {
    const failure = this.failure;
    if (!failure) return;
    this.failure = undefined;
    throw failure;
  }

  private waitForMessages(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, IDLE_WAIT_MS);
      signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
  }
}

/** gRPC codes that mean the service did not answer (UNAVAILABLE, DEADLINE_EXCEEDED). */
const UNREACHED = new Set([14, 4]);

/**
 * Resolves when Pub/Sub answers the subscription's metadata request, whatever the answer: a
 * refusal (say PERMISSION_DENIED for an identity without `pubsub.subscriptions.get`) still
 * proves the service is reachable. Rejects only when it did not answer.
 */
async function reachable(subscription: Subscription): Promise<void> {
  try {
    await subscription.getMetadata({ timeout: 2000, maxRetries: 0 });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'number' && !UNREACHED.has(code)) return;
    throw error;
  }
}

/** The `pubsub` source: the resource is a subscription (short id or full name). */
export const pubsubSource: SourceDefinition<PubSubHandle, PubSubSourceOptions> = {
  provider: 'pubsub',
  resume: 'at-least-once',
  resourceLabel: 'subscription',
  optionsSchema: sourceOptionsSchema,
  // Received, then nacked at close: nothing is acknowledged or provisioned.
  dryRun: true,
  create({ service, resource, options, encoding, context }) {
    const name = fullName(service.projectId, 'subscriptions', resource);
    const configured = options.max_outstanding_messages || Math.max(10, 4 * context.batch.size);
    // A dry run holds every message it reads until it closes: flow control must admit them all.
    const maxOutstanding = context.dryRun ? Math.max(configured, context.batch.maxInFlight) : configured;
    return new PubSubSource(service, name, options, maxOutstanding, encoding, context.logger, context.dryRun === true, context.health);
  },
};
