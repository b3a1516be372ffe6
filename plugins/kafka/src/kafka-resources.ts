import type { ResourceInfo, ResourcesDefinition } from '@mstream/sdk';
import { withAdmin, type KafkaHandle } from './kafka-service.js';

/** Kafka's own bookkeeping topics (`__consumer_offsets`, `__transaction_state`, …) are not resources. */
const isInternal = (name: string) => name.startsWith('__');

/** Lists the topics of a Kafka service with their partition counts. */
export const kafkaResources: ResourcesDefinition<KafkaHandle> = {
  provider: 'kafka',
  create(handle) {
    return {
      async list(signal: AbortSignal): Promise<ResourceInfo[]> {
        return withAdmin(handle, signal, 'listing Kafka topics', async (admin) => {
          const topics = await admin.listTopics();
          return topics
            .filter((topic) => !isInternal(topic.name))
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((topic) => ({ name: topic.name, resource_type: 'topic', details: { partitions: topic.partitions } }));
        });
      },
    };
  },
};
