import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResourcesDefinition } from '@mstream/sdk';
import { assertFileName } from './file-name.js';
import type { FileFolder } from './file-service.js';
import { fsError } from './fs-errors.js';

/** Most bytes `read` returns: the dashboard shows a preview, not a whole export. */
export const READ_CAP_BYTES = 1024 * 1024;

/**
 * Lists the files of the folder (sub-folders are not resources) and reads one. `read` returns at
 * most the first {@link READ_CAP_BYTES} bytes of a file, cut after the last complete line.
 */
export const fileResources: ResourcesDefinition<FileFolder> = {
  provider: 'file',
  create: ({ folder }) => ({
    async list() {
      let entries;
      try {
        entries = await readdir(folder, { withFileTypes: true });
      } catch (error) {
        throw fsError(error, `cannot list ${folder}`, true);
      }
      const files = entries.filter((entry) => entry.isFile()).map((entry) => entry.name).sort();
      return Promise.all(
        files.map(async (name) => ({ name, resource_type: 'file', details: { bytes: (await stat(join(folder, name))).size } })),
      );
    },
    async read(name) {
      assertFileName(name, 'name');
      const path = join(folder, name);
      let handle;
      try {
        handle = await open(path, 'r');
      } catch (error) {
        throw fsError(error, `cannot read ${name}`, true);
      }
      try {
        const buffer = Buffer.alloc(READ_CAP_BYTES);
        const { bytesRead } = await handle.read(buffer, 0, READ_CAP_BYTES, 0);
        const full = bytesRead < READ_CAP_BYTES || (await handle.stat()).size === bytesRead;
        // Cutting at a newline keeps lines whole and never splits a UTF-8 character.
        const end = full ? bytesRead : buffer.lastIndexOf(0x0a, bytesRead - 1) + 1;
        return buffer.subarray(0, end).toString('utf8');
      } catch (error) {
        throw fsError(error, `cannot read ${name}`);
      } finally {
        await handle.close();
      }
    },
  }),
};
