import { appendFile, mkdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';

/** One request that could change something: never a body, a token or a query string. */
export interface AuditEntry {
  time: string;
  method: string;
  path: string;
  status: number;
  role: 'admin' | 'read' | 'none';
  remote: string;
}

export interface AuditLog {
  /** Queued, never awaited by a request: a slow disk must not slow the API down. */
  record(entry: AuditEntry): void;
  /** Newest first, at most `limit`. */
  list(limit: number): Promise<AuditEntry[]>;
  /** Waits for queued entries to be written. */
  flush(): Promise<void>;
}

/**
 * The audit log of the embedded store: JSON lines in `<data>/audit.log`. Bounded: when the file
 * holds `maxEntries` it becomes `audit.log.1` (replacing the previous one), so at most twice that
 * many entries are kept. Appends are serialized; a line is written whole with one appendFile.
 */
export class FileAuditLog implements AuditLog {
  private readonly file: string;
  private queue: Promise<void> = Promise.resolve();
  private count?: number;

  constructor(
    dataDir: string,
    private readonly maxEntries = 10_000,
    private readonly onError: (error: Error) => void = () => undefined,
  ) {
    this.file = path.join(dataDir, 'audit.log');
  }

  record(entry: AuditEntry): void {
    this.queue = this.queue.then(() => this.append(entry)).catch((error: Error) => this.onError(error));
  }

  flush(): Promise<void> {
    return this.queue;
  }

  async list(limit: number): Promise<AuditEntry[]> {
    await this.flush();
    const lines = [...(await this.lines(`${this.file}.1`)), ...(await this.lines(this.file))];
    return lines.slice(-limit).reverse().flatMap((line) => {
      try {
        return [JSON.parse(line) as AuditEntry];
      } catch {
        return []; // a line cut by a crash mid-write
      }
    });
  }

  private async append(entry: AuditEntry): Promise<void> {
    if (this.count === undefined) {
      await mkdir(path.dirname(this.file), { recursive: true });
      this.count = (await this.lines(this.file)).length;
    }
    if (this.count >= this.maxEntries) {
      await rename(this.file, `${this.file}.1`);
      this.count = 0;
    }
    await appendFile(this.file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    this.count++;
  }

  private async lines(file: string): Promise<string[]> {
    try {
      if ((await stat(file)).size === 0) return [];
      return (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}
