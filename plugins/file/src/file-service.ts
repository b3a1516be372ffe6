import { access, constants, mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ServiceDefinition } from '@mstream/sdk';
import { fsError } from './fs-errors.js';

/** The file service handle: the absolute folder every sink and lister of the service works in. */
export interface FileFolder {
  readonly folder: string;
}

/** Service config as validated by the schema below. */
export interface FileConfig {
  path: string;
}

/** The `file` service: a local folder, created at connect when missing. */
export const fileService: ServiceDefinition<FileConfig, FileFolder> = {
  provider: 'file',
  displayName: 'Local folder',
  description: 'A folder on the host whose files receive JSON lines.',
  configSchema: {
    type: 'object',
    required: ['path'],
    additionalProperties: false,
    properties: {
      path: { type: 'string', minLength: 1, description: 'The folder, absolute or relative to the working directory of the host. Created if missing.' },
    },
  },
  async connect(config) {
    const folder = resolve(process.cwd(), config.path);
    try {
      await mkdir(folder, { recursive: true });
    } catch (error) {
      throw fsError(error, `cannot create folder ${folder}`);
    }
    return { folder };
  },
  async check({ folder }) {
    try {
      await access(folder, constants.W_OK);
    } catch (error) {
      throw fsError(error, `folder ${folder} is not writable`);
    }
  },
  async close() {
    // Nothing is held at the service level: each sink owns its file handle.
  },
};
