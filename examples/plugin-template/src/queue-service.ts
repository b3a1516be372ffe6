import { access, constants, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ConnectionError, MstreamError, type ServiceDefinition } from '@mstream/sdk';

/** Service config, as validated by the schema below. */
export interface QueueConfig {
  folder: string;
}

/** The shared handle: the absolute folder that holds one `<resource>.jsonl` file per queue. */
export interface QueueFolder {
  readonly folder: string;
}

/** The file of a queue; a resource is a plain name so a connector never escapes its folder. */
export function queueFile(handle: QueueFolder, resource: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(resource) || resource.startsWith('.')) {
    throw new MstreamError('MS_ERR_CONFIG_INVALID', `resource "${resource}" must be a plain name (letters, digits, . _ -)`);
  }
  return path.join(handle.folder, `${resource}.jsonl`);
}

/** The service: a local folder, created at connect. Replace it with your system's client. */
export const queueService: ServiceDefinition<QueueConfig, QueueFolder> = {
  provider: 'plugin-template',
  displayName: 'Plugin template queue',
  description: 'A folder of JSON-lines queue files.',
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['folder'],
    properties: {
      folder: { type: 'string', minLength: 1, description: 'the folder holding the queue files (created if missing)' },
    },
  },
  async connect(config) {
    const folder = path.resolve(config.folder);
    try {
      await mkdir(folder, { recursive: true });
    } catch (error) {
      // Unreachable systems throw ConnectionError: the host retries with backoff.
      throw new ConnectionError(`cannot create ${folder}: ${(error as Error).message}`, { cause: error });
    }
    return { folder };
  },
  async check({ folder }) {
    try {
      await access(folder, constants.W_OK);
    } catch (error) {
      throw new ConnectionError(`${folder} is not writable: ${(error as Error).message}`, { cause: error });
    }
  },
  async close() {
    // Nothing is held at the service level.
  },
};
