import { Admin, type BaseOptions } from '@platformatic/kafka';
import type { KafkaAdmin, PartitionOffset, TopicInfo } from './kafka-client.js';

/** Admin requests through @platformatic/kafka. */
export class PlatformaticAdmin implements KafkaAdmin {
  private readonly admin: Admin;

  constructor(options: BaseOptions) {
    this.admin = new Admin({ ...options, retries: 1 });
  }

  async connect(): Promise<void> {
    await this.admin.metadata({ topics: [] });
  }

  disconnect = () => this.admin.close();

  async brokerCount(): Promise<number> {
    return (await this.admin.metadata({ topics: [], forceUpdate: true })).brokers.size;
  }

  async listTopics(): Promise<TopicInfo[]> {
    const names = await this.admin.listTopics({ includeInternals: true });
    if (names.length === 0) return [];
    const metadata = await this.admin.metadata({ topics: names, autocreateTopics: false });
    return names.map((name) => ({ name, partitions: metadata.topics.get(name)?.partitionsCount ?? 0 }));
  }

  async committedOffsets(groupId: string, topic: string): Promise<PartitionOffset[]> {
    const groups = await this.admin.listConsumerGroupOffsets({ groups: [groupId] });
    return groups
      .flatMap((group) => group.topics)
      .filter((entry) => entry.name === topic)
      .flatMap((entry) => entry.partitions.map((p) => ({ partition: p.partitionIndex, offset: p.committedOffset.toString() })));
  }

  async offsetsByTimestamp(topic: string, timestamp: number): Promise<PartitionOffset[]> {
    const metadata = await this.admin.metadata({ topics: [topic] });
    const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
    const partitions = Array.from({ length: count }, (_, partitionIndex) => ({ partitionIndex, timestamp: BigInt(timestamp) }));
    const topics = await this.admin.listOffsets({ topics: [{ name: topic, partitions }] });
    return topics.flatMap((entry) => entry.partitions.map((p) => ({ partition: p.partitionIndex, offset: p.offset.toString() })));
  }
}
