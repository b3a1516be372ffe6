import { appendFile, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { assertId, isValidId } from '../config/ids.js';
import { SerialQueue, writeFileAtomic } from './atomic-file.js';
import type { DeadLetter, DeadLetterStore } from './store-types.js';

type LogLine = DeadLetter | { deleted: string };

/**
 * Dead letters as an append-only JSON-lines log per job: adding is one append (cheap even when a
 * stream of bad events arrives), deleting appends a tombstone, and the log is compacted when
 * tombstones outnumber live entries. Nothing is ever dropped for space.
 */
interface LogState {
  entries: Map<string, DeadLetter>;
  tombstones: number;
  /** The file ends without a newline: a line torn by a crash. */
  torn: boolean;
}

export class FileDeadLetterStore implements DeadLetterStore {
  private readonly cache = new Map<string, LogState>();
  private readonly queue = new SerialQueue();

  constructor(private readonly dir: string) {}

  add(entries: DeadLetter[]): Promise<void> {
    return this.queue.run(async () => {
      const byJob = new Map<string, DeadLetter[]>();
      for (const entry of entries) byJob.set(entry.job_name, [...(byJob.get(entry.job_name) ?? []), entry]);
      for (const [job, list] of byJob) {
        const state = await this.load(job);
        await mkdir(this.dir, { recursive: true });
        await this.append(job, state, list.map((e) => JSON.stringify(e)).join('\n') + '\n');
        for (const entry of list) state.entries.set(entry.id, entry);
      }
    });
  }

  async list(jobName: string, page: { limit?: number; offset?: number } = {}): Promise<{ total: number; items: DeadLetter[] }> {
    const all = [...(await this.load(jobName)).entries.values()];
    const offset = page.offset ?? 0;
    return { total: all.length, items: all.slice(offset, offset + (page.limit ?? 100)) };
  }

  async get(jobName: string, id: string): Promise<DeadLetter | undefined> {
    return (await this.load(jobName)).entries.get(id);
  }

  update(entry: DeadLetter): Promise<void> {
    return this.queue.run(async () => {
      const state = await this.load(entry.job_name);
      state.entries.set(entry.id, entry);
      await this.append(entry.job_name, state, JSON.stringify(entry) + '\n');
    });
  }

  delete(jobName: string, ids: string[]): Promise<number> {
    return this.queue.run(async () => {
      const state = await this.load(jobName);
      const present = ids.filter((id) => state.entries.delete(id));
      if (present.length === 0) return 0;
      state.tombstones += present.length;
      if (state.tombstones > Math.max(100, state.entries.size)) {
        await writeFileAtomic(this.file(jobName), [...state.entries.values()].map((e) => JSON.stringify(e) + '\n').join(''));
        state.tombstones = 0;
        state.torn = false;
      } else {
        await this.append(jobName, state, present.map((id) => JSON.stringify({ deleted: id })).join('\n') + '\n');
      }
      return present.length;
    });
  }

  deleteAll(jobName: string): Promise<void> {
    return this.queue.run(async () => {
      const file = this.file(jobName);
      this.cache.set(jobName, { entries: new Map(), tombstones: 0, torn: false });
      await rm(file, { force: true });
    });
  }

  /** Job names that have dead letters on disk (for totals at start-up). */
  async jobs(): Promise<string[]> {
    const files = await readdir(this.dir).catch(() => [] as string[]);
    return files.filter((f) => f.endsWith('.jsonl')).map((f) => f.slice(0, -'.jsonl'.length)).filter(isValidId);
  }

  /**
   * The job's log file. The name becomes a file name, so it must follow the id rule (ids.ts) even
   * though the API and config checks already enforce it: a store is the last place to stop
   * `../x` or `a/b`. Valid ids need no escaping, so the files keep their earlier names.
   */
  private file(jobName: string): string {
    assertId(jobName, 'job_name');
    return path.join(this.dir, `${jobName}.jsonl`);
  }

  /**
   * Appends lines to the job's log. After a crash the log may end in a torn line; the first append
   * then starts on a new line, or its first entry would be glued to the torn one and lost with it.
   */
  private async append(jobName: string, state: LogState, lines: string): Promise<void> {
    await appendFile(this.file(jobName), (state.torn ? '\n' : '') + lines);
    state.torn = false;
  }

  private async load(jobName: string): Promise<LogState> {
    let state = this.cache.get(jobName);
    if (state) return state;
    const text = await readFile(this.file(jobName), 'utf8').catch(() => '');
    state = { entries: new Map<string, DeadLetter>(), tombstones: 0, torn: text.length > 0 && !text.endsWith('\n') };
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      let parsed: LogLine;
      try {
        parsed = JSON.parse(line) as LogLine;
      } catch {
        continue; // a torn last line after a crash: the entry before it is intact
      }
      if ('deleted' in parsed) {
        state.entries.delete(parsed.deleted);
        state.tombstones++;
      } else state.entries.set(parsed.id, parsed);
    }
    this.cache.set(jobName, state);
    return state;
  }
}
