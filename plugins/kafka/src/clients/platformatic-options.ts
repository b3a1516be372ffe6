import type { BaseOptions, SASLOptions } from '@platformatic/kafka';
import { connection, saslOptions, tlsOptions } from '../kafka-client-config.js';
import { asInteger, type KafkaServiceConfig } from '../kafka-config.js';

const MECHANISMS = { plain: 'PLAIN', 'scram-sha-256': 'SCRAM-SHA-256', 'scram-sha-512': 'SCRAM-SHA-512' } as const;

/**
 * Maps the service's librdkafka-style keys onto @platformatic/kafka's client options, with the
 * same meaning and defaults as the kafkajs mapping (toKafkaConfig). Reads TLS files; throws
 * MS_ERR_CONFIG_INVALID for unreadable ones.
 */
export function toPlatformaticOptions(config: KafkaServiceConfig): BaseOptions {
  const { brokers, useTls, useSasl } = connection(config);
  const sasl = useSasl ? saslOptions(config) : undefined;
  return {
    clientId: String(config['client.id'] ?? 'mstream'),
    bootstrapBrokers: brokers,
    tls: useTls ? tlsOptions(config) : undefined,
    sasl: sasl ? ({ mechanism: MECHANISMS[sasl.mechanism], username: sasl.username, password: sasl.password } satisfies SASLOptions) : undefined,
    connectTimeout: asInteger(config['socket.connection.setup.timeout.ms']) ?? 3000,
    requestTimeout: asInteger(config['request.timeout.ms']) ?? 30_000,
    timeout: asInteger(config['request.timeout.ms']) ?? 30_000,
    // Few client-level retries: the host retries failed steps with its own, visible backoff.
    retries: 3,
    retryDelay: 200,
    // The broker creates a topic a source or sink names (as with kafkajs's allowAutoTopicCreation).
    autocreateTopics: true,
  };
}
