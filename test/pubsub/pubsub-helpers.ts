import { randomBytes } from 'node:crypto';
import { PubSub, type Subscription, type Topic } from '@google-cloud/pubsub';
import { ConnectionError, definePlugin, fromUtf8, NO_OPTIONS, type StreamEvent } from '@mstream/sdk';

export const EMULATOR = process.env.PUBSUB_EMULATOR_HOST ?? '127.0.0.1:8085';
export const PROJECT = 'test-project';

/** A name no earlier run used, so tests can repeat against the long-lived emulator. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** A bare client for setting up and checking, independent of the plugin under test. */
export function barePubSub(): PubSub {
  return new PubSub({ projectId: PROJECT, apiEndpoint: EMULATOR, emulatorMode: true });
}

/** A topic with one subscription of the same id. */
export async function topicWithSubscription(client: PubSub, id: string, ackDeadlineSeconds = 60): Promise<{ topic: Topic; subscription: Subscription }> {
  const [topic] = await client.createTopic(id);
  const [subscription] = await topic.createSubscription(id, { ackDeadlineSeconds });
  return { topic, subscription };
}

/** Publishes all at once (never one by one: see deps.md). */
export async function publish(topic: Topic, messages: Array<{ data: string; attributes?: Record<string, string> }>): Promise<string[]> {
  return Promise.all(messages.map((m) => topic.publishMessage({ data: Buffer.from(m.data), attributes: m.attributes })));
}

export interface Received {
  data: string;
  attributes: Record<string, string>;
}

/**
 * Receives (and acks) until `count` messages came, then listens `quietMs` longer so surplus
 * (redeliveries) shows; resolves with what it has at `timeoutMs`.
 */
export async function receive(subscription: Subscription, count: number, timeoutMs = 10_000, quietMs = 500): Promise<Received[]> {
  const got: Received[] = [];
  subscription.on('message', (m) => {
    got.push({ data: m.data.toString(), attributes: { ...m.attributes } });
    m.ack();
  });
  const deadline = Date.now() + timeoutMs;
  while (got.length < count && Date.now() < deadline) await sleep(25);
  await sleep(quietMs);
  await subscription.close();
  subscription.removeAllListeners();
  return got;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the probe sink does with a write: confirm, hang until aborted (a slow sink), or fail retriably. */
export type ProbeMode = 'ok' | 'hang' | 'fail';

/** Shared state of a probe sink: every payload confirmed, every payload it was handed. */
export interface ProbeWorld {
  mode: ProbeMode;
  confirmed: string[];
  seen: string[];
}

export function probeWorld(mode: ProbeMode = 'ok'): ProbeWorld {
  return { mode, confirmed: [], seen: [] };
}

/** An inline plugin with a sink whose behaviour a test controls, standing in for a slow or broken target. */
export function probePlugin(world: ProbeWorld) {
  return definePlugin({
    id: 'probe',
    version: '0.1.0',
    sdk: '^0.1.0',
    register(r) {
      r.service({ provider: 'probe', configSchema: NO_OPTIONS, connect: () => ({}) });
      r.sink({
        provider: 'probe',
        optionsSchema: NO_OPTIONS,
        create: () => ({
          async write(events: StreamEvent[], signal: AbortSignal) {
            world.seen.push(...events.map((e) => fromUtf8(e.payload)));
            if (world.mode === 'fail') throw new ConnectionError('probe: target unavailable');
            if (world.mode === 'hang') {
              await new Promise((_, reject) => signal.addEventListener('abort', () => reject(new ConnectionError('probe: aborted')), { once: true }));
            }
            world.confirmed.push(...events.map((e) => fromUtf8(e.payload)));
          },
          async close() {},
        }),
      });
    },
  });
}

/** A job reading a subscription of the `ps` service into the given sinks. */
export function pubsubJob(name: string, subscription: string, sinks: unknown[], overrides: Record<string, unknown> = {}) {
  return {
    name,
    source: { service_name: 'ps', resource: subscription, input_encoding: 'json', output_encoding: 'json', options: { ack_deadline_seconds: 60 } },
    sinks,
    batch: { kind: 'count', size: 10, max_wait_ms: 50 },
    retry: { initial_backoff_ms: 100, max_backoff_ms: 500 },
    checkpoint: { enabled: true, interval_ms: 0 },
    ...overrides,
  };
}

export const PUBSUB_SERVICE = { provider: 'pubsub', name: 'ps', project_id: PROJECT, emulator_host: EMULATOR };
