import { ConnectionError } from '@mstream/sdk';
import { GrpcStatus, grpcCode, toMstreamError } from './pubsub-errors.js';
import type { PubSubHandle } from './pubsub-service.js';
import { fullName } from './resource-names.js';
import { raceSignal } from './signals.js';

/** Runs a create call, treating "it exists already" (a concurrent creator) as success. */
async function createIgnoringExisting(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (error) {
    if (grpcCode(error) !== GrpcStatus.ALREADY_EXISTS) throw error;
  }
}

/**
 * Makes sure the subscription exists. With `create_on_topic`, a missing one is created (its topic
 * too); without, a missing subscription is a retriable error naming it, so the job shows what is
 * wrong and recovers once someone creates it.
 */
export async function ensureSubscription(
  handle: PubSubHandle,
  subscription: string,
  options: { ack_deadline_seconds: number; create_on_topic?: string },
  signal: AbortSignal,
): Promise<void> {
  try {
    const [exists] = await raceSignal(handle.client.subscription(subscription).exists(), signal, 'pubsub: open');
    if (exists) return;
    if (!options.create_on_topic) {
      throw new ConnectionError(`pubsub: subscription ${subscription} does not exist (set options.create_on_topic to create it)`);
    }
    const topic = fullName(handle.projectId, 'topics', options.create_on_topic, 'options.create_on_topic');
    await createIgnoringExisting(() => raceSignal(handle.client.createTopic(topic), signal, 'pubsub: create topic'));
    await createIgnoringExisting(() =>
      raceSignal(handle.client.topic(topic).createSubscription(subscription, { ackDeadlineSeconds: options.ack_deadline_seconds }), signal, 'pubsub: create subscription'),
    );
  } catch (error) {
    throw toMstreamError(error, `opening subscription ${subscription}`);
  }
}

/** Makes sure the topic exists, creating it when `create` is true. */
export async function ensureTopic(handle: PubSubHandle, topic: string, create: boolean, signal: AbortSignal): Promise<void> {
  try {
    const [exists] = await raceSignal(handle.client.topic(topic).exists(), signal, 'pubsub: open');
    if (exists) return;
    if (!create) throw new ConnectionError(`pubsub: topic ${topic} does not exist (set options.create_topic to create it)`);
    await createIgnoringExisting(() => raceSignal(handle.client.createTopic(topic), signal, 'pubsub: create topic'));
  } catch (error) {
    throw toMstreamError(error, `opening topic ${topic}`);
  }
}
