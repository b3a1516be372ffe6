import { ConnectionError, type PluginContext, type ServiceDefinition } from '@mstream/sdk';
import { MongoClient, type Db } from 'mongodb';
import { toMstreamError } from './mongo-errors.js';

/** Service config as validated by the schema below. */
export interface MongoServiceConfig {
  connection_string: string;
  db_name: string;
  write_mode: 'insert' | 'replace';
  schemas_collection: string;
}

/**
 * The shared handle of one `mongodb` service: one client (with its own pool) used by every job,
 * the API and the system stores of that service.
 */
export interface MongoHandle {
  readonly client: MongoClient;
  readonly db: Db;
  readonly dbName: string;
  readonly writeMode: 'insert' | 'replace';
  readonly schemasCollection: string;
  readonly logger: PluginContext['logger'];
}

/** How long the driver looks for a usable server before an operation fails (retried by the host). */
export const SERVER_SELECTION_TIMEOUT_MS = 5000;

/** The `mongodb` service: a database on a MongoDB deployment (a replica set for change streams). */
export const mongoService: ServiceDefinition<MongoServiceConfig, MongoHandle> = {
  provider: 'mongodb',
  displayName: 'MongoDB',
  description: 'A database on a MongoDB deployment (replica set or sharded cluster for change streams).',
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['connection_string', 'db_name'],
    properties: {
      connection_string: {
        type: 'string',
        minLength: 1,
        'x-secret': true,
        'x-order': 1,
        description: 'MongoDB connection string, e.g. mongodb://user:pass@host:27017/?replicaSet=rs0 (may hold credentials).',
      },
      db_name: { type: 'string', minLength: 1, 'x-order': 2, description: 'Database the connectors, schemas and system stores use.' },
      write_mode: {
        type: 'string',
        enum: ['insert', 'replace'],
        default: 'insert',
        'x-order': 3,
        description: 'How sinks write: insert (insertMany, duplicate _id ignored) or replace (upsert by _id).',
      },
      schemas_collection: {
        type: 'string',
        minLength: 1,
        default: 'schemas',
        'x-advanced': true,
        description: 'Collection holding this service\'s schema registry (GET/POST /services/{name}/schemas).',
      },
    },
  },
  async connect(config, context) {
    let client: MongoClient;
    try {
      // No I/O yet: the driver connects lazily on the first operation, and a bad URI throws here.
      // Settings written in the connection string win over our defaults.
      const has = (name: string) => new RegExp(`[?&]${name}=`, 'i').test(config.connection_string);
      client = new MongoClient(config.connection_string, {
        ...(has('serverSelectionTimeoutMS') ? {} : { serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS }),
        ...(has('appName') ? {} : { appName: 'mstream' }),
      });
    } catch (error) {
      throw new ConnectionError(`mongodb: invalid connection string: ${(error as Error).message}`, { cause: error, retriable: false });
    }
    return {
      client,
      db: client.db(config.db_name),
      dbName: config.db_name,
      writeMode: config.write_mode ?? 'insert',
      schemasCollection: config.schemas_collection ?? 'schemas',
      logger: context.logger,
    };
  },
  async check(handle, signal) {
    try {
      await handle.db.command({ ping: 1 }, { signal } as never);
    } catch (error) {
      throw toMstreamError(error, 'mongodb: ping failed');
    }
  },
  async close(handle) {
    await handle.client.close();
  },
};
