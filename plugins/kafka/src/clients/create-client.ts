import type { Logger } from '@mstream/sdk';
import { installPlatformaticCodecs } from '../codecs/install-platformatic-codecs.js';
import type { KafkaServiceConfig } from '../kafka-config.js';
import type { KafkaClient } from './kafka-client.js';
import { KafkaJsClient } from './kafkajs-client.js';
import { PlatformaticClient } from './platformatic-client.js';

/** The client library the service's `client` key names (default kafkajs). */
export function createClient(config: KafkaServiceConfig, logger: Logger): KafkaClient {
  if (config.client === 'platformatic') {
    installPlatformaticCodecs();
    return new PlatformaticClient(config);
  }
  return new KafkaJsClient(config, logger);
}
