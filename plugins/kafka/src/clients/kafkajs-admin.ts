import type { Admin, Kafka } from 'kafkajs';
import type { KafkaAdmin, PartitionOffset, TopicInfo } from './kafka-client.js';

/** Admin requests through kafkajs; few retries, the caller bounds it with its signal. */
export class KafkaJsAdmin implements KafkaAdmin {
  private readonly admin: Admin;

  constructor(kafka: Kafka) {
    this.admin = kafka.admin({ retry: { retries: 1, initialRetryTime: 200, maxRetryTime: 1000 } });
  }

  connect = () => this.admin.connect();
  disconnect = () => this.admin.disconnect();

  async brokerCount(): Promise<number> {
    return (await this.admin.describeCluster()).brokers.length;
  }

  async listTopics(): Promise<TopicInfo[]> {
    const { topics } = await this.admin.fetchTopicMetadata();
    return topics.map((topic) => ({ name: topic.name, partitions: topic.partitions.length }));
  }

  async committedOffsets(groupId: string, topic: string): Promise<PartitionOffset[]> {
    const topics = await this.admin.fetchOffsets({ groupId, topics: [topic] });
    return topics.flatMap((entry) => entry.partitions.map(({ partition, offset }) => ({ partition, offset })));
  }

  async offsetsByTimestamp(topic: string, timestamp: number): Promise<PartitionOffset[]> {
    return (await this.admin.fetchTopicOffsetsByTimestamp(topic, timestamp)).map(({ partition, offset }) => ({ partition, offset }));
  }
}
