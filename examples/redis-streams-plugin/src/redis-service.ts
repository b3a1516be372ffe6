import { Redis, type RedisOptions } from 'ioredis';
import type { ServiceDefinition } from '@mstream/sdk';
import { redisError } from './redis-errors.js';

/** Service config, as validated by the schema below. */
export interface RedisConfig {
  url: string;
  password?: string;
  connect_timeout_ms: number;
}

/**
 * The shared handle: one client for commands that never block (XADD, XACK, XGROUP), and a
 * factory for the dedicated connections sources need, since XREADGROUP BLOCK holds its connection.
 */
export interface RedisHandle {
  readonly client: Redis;
  connection(name: string): Promise<Redis>;
}

function clientOptions(config: RedisConfig, name: string): RedisOptions {
  return {
    lazyConnect: true,
    connectionName: name,
    password: config.password,
    connectTimeout: config.connect_timeout_ms,
    // Fail commands fast while disconnected, so the host sees a ConnectionError and backs off.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  };
}

async function open(config: RedisConfig, name: string): Promise<Redis> {
  const client = new Redis(config.url, clientOptions(config, name));
  client.on('error', () => undefined); // surfaced through the failing commands instead
  try {
    await client.connect();
    return client;
  } catch (error) {
    client.disconnect();
    throw redisError(error, `cannot connect to ${redact(config.url)}`);
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//****@');
}

/** The `redis-streams` service: one Redis server (standalone; no cluster support). */
export const redisService: ServiceDefinition<RedisConfig, RedisHandle> = {
  provider: 'redis-streams',
  displayName: 'Redis Streams',
  description: 'A Redis server whose streams are read with consumer groups and written with XADD.',
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['url'],
    properties: {
      url: { type: 'string', minLength: 1, description: 'redis://[user@]host:port[/db]; put the password in `password`', examples: ['redis://127.0.0.1:6379'] },
      password: { type: 'string', 'x-secret': true, description: 'AUTH password (overrides one in the URL)' },
      connect_timeout_ms: { type: 'integer', minimum: 100, default: 5000, 'x-advanced': true, description: 'how long a connection attempt may take' },
    },
  },
  async connect(config) {
    const client = await open(config, 'mstream');
    return { client, connection: (name) => open(config, name) };
  },
  async check(handle) {
    try {
      await handle.client.ping();
    } catch (error) {
      throw redisError(error, 'PING failed');
    }
  },
  async close(handle) {
    if (handle.client.status === 'end') return;
    await handle.client.quit().catch(() => handle.client.disconnect());
  },
};
