import type { BaseOptions } from '@platformatic/kafka';
import type { KafkaServiceConfig } from '../kafka-config.js';
import type { ConsumerSettings, KafkaClient, ProducerSettings } from './kafka-client.js';
import { PlatformaticAdmin } from './platformatic-admin.js';
import { PlatformaticConsumer } from './platformatic-consumer.js';
import { toPlatformaticOptions } from './platformatic-options.js';
import { PlatformaticProducer, PlatformaticTransactionalProducer } from './platformatic-producer.js';

/** The service's clients through @platformatic/kafka 1.35.0; each client opens its own connections. */
export class PlatformaticClient implements KafkaClient {
  readonly name = 'platformatic' as const;
  private readonly options: BaseOptions;

  constructor(config: KafkaServiceConfig) {
    this.options = toPlatformaticOptions(config);
  }

  admin = () => new PlatformaticAdmin(this.options);
  consumer = (settings: ConsumerSettings) => new PlatformaticConsumer(this.options, settings);
  producer = () => new PlatformaticProducer(this.options);
  transactionalProducer = (settings: ProducerSettings) => new PlatformaticTransactionalProducer(this.options, settings);
}
