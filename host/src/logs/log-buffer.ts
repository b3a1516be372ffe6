export type LogLevelName = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export const LEVELS: Record<LogLevelName, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

export interface LogEntry {
  timestamp: string;
  level: LogLevelName;
  message: string;
  job_name?: string;
  /** The component that logged: `host`, `api`, `plugin:kafka`, … */
  target: string;
  [field: string]: unknown;
}

export interface LogQuery {
  job_name?: string;
  level?: LogLevelName;
  since?: Date;
  limit?: number;
  search?: string;
}

/** Fixed-size ring of recent log entries with live subscribers (for `/logs` and `/logs/stream`). */
export class LogBuffer {
  private readonly entries: LogEntry[] = [];
  private start = 0;
  private readonly subscribers = new Set<(entry: LogEntry) => void>();

  constructor(private capacity = 10_000) {}

  resize(capacity: number): void {
    const all = this.snapshot();
    this.capacity = Math.max(1, capacity);
    this.entries.length = 0;
    this.start = 0;
    for (const entry of all.slice(-this.capacity)) this.push(entry);
  }

  push(entry: LogEntry): void {
    if (this.entries.length < this.capacity) this.entries.push(entry);
    else {
      this.entries[this.start] = entry;
      this.start = (this.start + 1) % this.capacity;
    }
    for (const subscriber of this.subscribers) subscriber(entry);
  }

  /** Oldest first. */
  snapshot(): LogEntry[] {
    return [...this.entries.slice(this.start), ...this.entries.slice(0, this.start)];
  }

  /** The newest `limit` entries matching the query, oldest first. */
  query(q: LogQuery): LogEntry[] {
    const matches = this.snapshot().filter((entry) => matchesQuery(entry, q));
    return matches.slice(-(q.limit ?? 100));
  }

  subscribe(listener: (entry: LogEntry) => void): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }
}

export function matchesQuery(entry: LogEntry, q: LogQuery): boolean {
  if (q.job_name && entry.job_name !== q.job_name) return false;
  if (q.level && LEVELS[entry.level] < LEVELS[q.level]) return false;
  if (q.since && Date.parse(entry.timestamp) < q.since.getTime()) return false;
  if (q.search && !entry.message.toLowerCase().includes(q.search.toLowerCase())) return false;
  return true;
}
