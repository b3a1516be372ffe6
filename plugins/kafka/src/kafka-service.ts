import { TimeoutError, type Logger, type ServiceDefinition } from '@mstream/sdk';
import type { Disconnectable, KafkaAdmin, KafkaClient } from './clients/kafka-client.js';
import { createClient } from './clients/create-client.js';
import { toSettings, type KafkaSettings } from './kafka-client-config.js';
import { kafkaConfigSchema, unmappedKeys, type KafkaServiceConfig } from './kafka-config.js';
import { toMstreamError } from './kafka-errors.js';

export type { Disconnectable } from './clients/kafka-client.js';

/**
 * The shared handle of one Kafka service: the client library it was configured with (service key
 * `client`). Producers and consumers are created per connector and registered here, so closing
 * the service disconnects whatever a connector left behind.
 */
export interface KafkaHandle {
  readonly client: KafkaClient;
  readonly settings: KafkaSettings;
  readonly logger: Logger;
  readonly clients: Set<Disconnectable>;
  /** The cluster, as {@link clusterScope} names it (an exactly-once sink checks its transaction's). */
  readonly cluster: string;
  closed: boolean;
}

/** Runs `work` with a short-lived admin client, disconnected afterwards; aborts with `signal`. */
export async function withAdmin<T>(handle: KafkaHandle, signal: AbortSignal, what: string, work: (admin: KafkaAdmin) => Promise<T>): Promise<T> {
  const admin = handle.client.admin();
  handle.clients.add(admin);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new TimeoutError(`${what}: aborted (${String((signal.reason as Error)?.message ?? signal.reason ?? 'timeout')})`));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    return await Promise.race([
      (async () => {
        await admin.connect();
        return work(admin);
      })(),
      aborted,
    ]);
  } catch (error) {
    throw toMstreamError(error, what);
  } finally {
    signal.removeEventListener('abort', onAbort!);
    handle.clients.delete(admin);
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * The cluster a `bootstrap.servers` list names, comparable between services: the brokers
 * lower-cased, trimmed, sorted and de-duplicated (`"B:9092, a:9092"` → `"a:9092,b:9092"`).
 */
export function clusterScope(bootstrapServers: unknown): string {
  const brokers = String(bootstrapServers ?? '').split(',').map((b) => b.trim().toLowerCase()).filter(Boolean);
  return [...new Set(brokers)].sort().join(',');
}

/** The `kafka` service: a cluster reached through kafkajs 2.2.4 (default) or @platformatic/kafka 1.35.0. */
export const kafkaService: ServiceDefinition<KafkaServiceConfig, KafkaHandle> = {
  provider: 'kafka',
  displayName: 'Apache Kafka',
  description: 'A Kafka cluster (librdkafka-style keys: bootstrap.servers, security.protocol, sasl.*, ssl.*).',
  configSchema: kafkaConfigSchema,
  // One Kafka transaction spans one cluster: services naming the same brokers reach the same one.
  transactionScope: (config) => clusterScope(config['bootstrap.servers']),
  connect(config, context) {
    const logger = context.logger;
    const ignored = unmappedKeys(config);
    if (ignored.length > 0) {
      logger.warn({ keys: ignored }, 'these Kafka keys are accepted for compatibility but not used by the Kafka client; see the plugin README for the mapped ones');
    }
    // No I/O here: both clients connect lazily, and the host checks reachability through check().
    const client = createClient(config, logger);
    return { client, settings: toSettings(config), logger, clients: new Set(), cluster: clusterScope(config['bootstrap.servers']), closed: false };
  },
  async check(handle, signal) {
    await withAdmin(handle, signal, 'Kafka cluster check', async (admin) => {
      if ((await admin.brokerCount()) === 0) throw new Error('the cluster reports no brokers');
    });
  },
  async close(handle) {
    if (handle.closed) return;
    handle.closed = true;
    const clients = [...handle.clients];
    handle.clients.clear();
    await Promise.all(clients.map((client) => client.disconnect().catch(() => undefined)));
  },
};
