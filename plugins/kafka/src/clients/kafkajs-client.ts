import type { Logger } from '@mstream/sdk';
import kafkajs, { type Kafka } from 'kafkajs';
import { toKafkaConfig } from '../kafka-client-config.js';
import type { KafkaServiceConfig } from '../kafka-config.js';
import type { ConsumerSettings, KafkaClient, ProducerSettings } from './kafka-client.js';
import { KafkaJsAdmin } from './kafkajs-admin.js';
import { KafkaJsConsumer } from './kafkajs-consumer.js';
import { KafkaJsProducer, KafkaJsTransactionalProducer } from './kafkajs-producer.js';

/** The service's clients through one kafkajs `Kafka` instance (it connects lazily). */
export class KafkaJsClient implements KafkaClient {
  readonly name = 'kafkajs' as const;
  readonly kafka: Kafka;

  constructor(config: KafkaServiceConfig, logger: Logger) {
    this.kafka = new kafkajs.Kafka(toKafkaConfig(config, logger));
  }

  admin = () => new KafkaJsAdmin(this.kafka);
  consumer = (settings: ConsumerSettings) => new KafkaJsConsumer(this.kafka, settings);
  producer = () => new KafkaJsProducer(this.kafka);
  transactionalProducer = (settings: ProducerSettings) => new KafkaJsTransactionalProducer(this.kafka, settings);
}
