import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { ConsumerHandlers, ConsumerSettings, KafkaConsumer } from './kafka-client.js';

/** A kafkajs consumer: eachBatch without auto-resolve or auto-commit, one partition at a time. */
export class KafkaJsConsumer implements KafkaConsumer {
  private readonly consumer: Consumer;
  private topic = '';

  constructor(kafka: Kafka, settings: ConsumerSettings) {
    this.consumer = kafka.consumer({
      groupId: settings.groupId,
      sessionTimeout: settings.sessionTimeout,
      heartbeatInterval: settings.heartbeatInterval,
      // Short fetch waits keep an idle member responsive to rebalances.
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: true,
      // kafkajs's own default is read_committed too; the option maps to its readUncommitted flag.
      readUncommitted: settings.readUncommitted,
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 5000 },
    });
  }

  connect = () => this.consumer.connect();
  disconnect = () => this.consumer.disconnect();

  async subscribe(topic: string, fromBeginning: boolean): Promise<void> {
    this.topic = topic;
    await this.consumer.subscribe({ topics: [topic], fromBeginning });
  }

  async run(handlers: ConsumerHandlers): Promise<void> {
    const { consumer } = this;
    let troubled = false;
    const healthy = () => {
      if (!troubled) return;
      troubled = false;
      handlers.onTrouble(undefined);
    };
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      healthy();
      handlers.onAssignment(event.payload.memberAssignment[this.topic] ?? []);
    });
    consumer.on(consumer.events.FETCH, healthy);
    consumer.on(consumer.events.CRASH, (event) => {
      // kafkajs restarts itself after retriable failures (a lost broker among them) without
      // throwing anything at us: that is trouble to show; only a final crash is a failure.
      if (!event.payload.restart) return handlers.onCrash(event.payload.error);
      troubled = true;
      handlers.onTrouble(`${event.payload.error?.message ?? String(event.payload.error)}; kafkajs restarts the consumer`);
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: ({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload) =>
        handlers.onBatch({ partition: batch.partition, messages: batch.messages }, { heartbeat, isRunning, isStale, resolveOffset }),
    });
  }

  seek(partition: number, offset: string): void {
    this.consumer.seek({ topic: this.topic, partition, offset });
  }

  async commit(topic: string, offsets: { partition: number; offset: string }[]): Promise<void> {
    await this.consumer.commitOffsets(offsets.map(({ partition, offset }) => ({ topic, partition, offset })));
  }
}
