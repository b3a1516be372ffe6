import type { ResourceInfo, ResourceLister, ResourcesDefinition } from '@mstream/sdk';
import { toMstreamError } from './pubsub-errors.js';
import type { PubSubHandle } from './pubsub-service.js';
import { raceSignal } from './signals.js';

/**
 * Names as a connector would write them: the short id for this project's resources, the full
 * name for another project's (a subscription may be on a topic of another project).
 */
function displayName(handle: PubSubHandle, name: string): string {
  const prefix = `projects/${handle.projectId}/`;
  return name.startsWith(prefix) ? name.slice(name.indexOf('/', prefix.length) + 1) : name;
}

/** Lists the project's topics and subscriptions (a subscription's details name its topic). */
class PubSubResourceLister implements ResourceLister {
  constructor(private readonly handle: PubSubHandle) {}

  async list(signal: AbortSignal): Promise<ResourceInfo[]> {
    const { client } = this.handle;
    try {
      const [[topics], [subscriptions]] = await raceSignal(
        Promise.all([client.getTopics({ autoPaginate: true }), client.getSubscriptions({ autoPaginate: true })]),
        signal,
        'pubsub: list resources',
      );
      const out: ResourceInfo[] = topics.map((topic) => ({ name: displayName(this.handle, topic.name), resource_type: 'topic' }));
      for (const subscription of subscriptions) {
        const meta = subscription.metadata;
        const details: Record<string, unknown> = {};
        if (meta?.topic) details.topic = displayName(this.handle, meta.topic);
        if (meta?.ackDeadlineSeconds) details.ack_deadline_seconds = meta.ackDeadlineSeconds;
        if (meta?.enableMessageOrdering) details.message_ordering = true;
        if (meta?.deadLetterPolicy?.deadLetterTopic) details.dead_letter_topic = displayName(this.handle, meta.deadLetterPolicy.deadLetterTopic);
        out.push({ name: displayName(this.handle, subscription.name), resource_type: 'subscription', details });
      }
      return out.sort((a, b) => a.resource_type.localeCompare(b.resource_type) || a.name.localeCompare(b.name));
    } catch (error) {
      throw toMstreamError(error, `listing topics and subscriptions of ${this.handle.projectId}`);
    }
  }
}

/** Resource listing for `pubsub` services. */
export const pubsubResources: ResourcesDefinition<PubSubHandle> = {
  provider: 'pubsub',
  create: (handle) => new PubSubResourceLister(handle),
};
