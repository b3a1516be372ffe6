import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConnectionError, MstreamError, NotFoundError } from '@mstream/sdk';

/**
 * The scripts of one `udf` service: files of `script_path` when it is set, otherwise the
 * service's inline `sources` kept in memory. Shared by every job using the service.
 */
export class ScriptStore {
  private readonly memory = new Map<string, string>();

  constructor(readonly folder: string | undefined) {}

  async list(): Promise<Array<{ name: string; bytes: number }>> {
    if (!this.folder) return [...this.memory].map(([name, content]) => ({ name, bytes: Buffer.byteLength(content) })).sort(byName);
    let names: string[];
    try {
      names = (await readdir(this.folder, { withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith('.js')).map((e) => e.name);
    } catch (error) {
      throw storeError(error, `cannot list scripts in ${this.folder}`);
    }
    return Promise.all(names.map(async (name) => ({ name, bytes: Buffer.byteLength(await this.read(name)) }))).then((l) => l.sort(byName));
  }

  /** Returns a script's source; NotFoundError when it does not exist. Assumes a validated name. */
  async read(name: string): Promise<string> {
    if (!this.folder) {
      const content = this.memory.get(name);
      if (content === undefined) throw new NotFoundError(`script "${name}" does not exist`);
      return content;
    }
    try {
      return await readFile(join(this.folder, name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`script "${name}" does not exist in ${this.folder}`);
      throw storeError(error, `cannot read script ${name}`);
    }
  }

  /** Creates or replaces a script. Assumes a validated name. */
  async write(name: string, content: string): Promise<void> {
    if (!this.folder) {
      this.memory.set(name, content);
      return;
    }
    try {
      await mkdir(this.folder, { recursive: true });
      // Write then rename, so a job starting meanwhile never reads half a script.
      const temp = join(this.folder, `.${name}.${process.pid}.tmp`);
      await writeFile(temp, content, 'utf8');
      await rename(temp, join(this.folder, name));
    } catch (error) {
      throw storeError(error, `cannot write script ${name}`);
    }
  }
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function storeError(error: unknown, message: string): MstreamError {
  const code = (error as NodeJS.ErrnoException).code;
  // Permission and missing-folder problems will not heal by retrying; I/O hiccups may.
  if (code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR') return new MstreamError('MS_ERR_CONFIG_INVALID', `${message}: ${code}`, { cause: error });
  return new ConnectionError(`${message}: ${(error as Error).message}`, { cause: error });
}
