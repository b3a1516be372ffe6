import { access, constants, mkdir } from 'node:fs/promises';
import type { ServiceDefinition } from '@mstream/sdk';
import { fsError } from './fs-errors.js';

/** The file service handle: the folder every sink and lister of the service works in. */
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
      // x-path: the host confines the folder to its files root and hands over the absolute path.
      path: { type: 'string', minLength: 1, 'x-path': 'folder', description: 'The folder, inside the host\'s files root (MSTREAM_FILES_ROOT, default the data folder); relative paths start there. Created if missing.' },
    },
  },
  async connect(config) {
    // Absolute and checked when a host validated the config; used as given when embedded.
    const folder = config.path;
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
