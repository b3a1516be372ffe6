import { readJsonFile, SerialQueue, writeFileAtomic } from './atomic-file.js';

/**
 * A small keyed collection kept in memory and persisted as one JSON file on every change.
 * Right for jobs, services, test suites and checkpoints: few records, written rarely.
 */
export class JsonFileMap<T> {
  private records?: Map<string, T>;
  private readonly queue = new SerialQueue();

  constructor(
    private readonly file: string,
    private readonly codec: { serialize(records: Record<string, T>): string; parse(raw: unknown): Record<string, T> } = {
      serialize: (records) => JSON.stringify(records, null, 2),
      parse: (raw) => (raw ?? {}) as Record<string, T>,
    },
  ) {}

  async values(): Promise<T[]> {
    return [...(await this.load()).values()];
  }

  async get(key: string): Promise<T | undefined> {
    return (await this.load()).get(key);
  }

  async set(key: string, value: T): Promise<void> {
    const records = await this.load();
    records.set(key, value);
    await this.persist();
  }

  async delete(key: string): Promise<boolean> {
    const records = await this.load();
    const existed = records.delete(key);
    if (existed) await this.persist();
    return existed;
  }

  private async load(): Promise<Map<string, T>> {
    if (!this.records) {
      const raw = await readJsonFile<unknown>(this.file, {});
      this.records ??= new Map(Object.entries(this.codec.parse(raw)));
    }
    return this.records;
  }

  private persist(): Promise<void> {
    // Snapshot now, write in order: the last queued write always carries the newest state.
    const snapshot = this.codec.serialize(Object.fromEntries(this.records ?? []));
    return this.queue.run(() => writeFileAtomic(this.file, snapshot, 0o600));
  }
}
