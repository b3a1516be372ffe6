import type { Logger } from '@mstream/sdk';
import type { CheckpointStore } from '../stores/store-types.js';

/**
 * Persists a job's resume position at most once per interval (the source is still acked after
 * every batch). A crash loses at most one interval of checkpoint progress, which means replays,
 * never losses. `flush` writes the newest pending position immediately (on stop).
 */
export class Checkpointer {
  private pending?: Uint8Array;
  private lastSaved?: string;
  private lastSaveAt = 0;
  private saving?: Promise<void>;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly jobName: string,
    private readonly store: CheckpointStore,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly enabled: boolean,
  ) {}

  async load(): Promise<Uint8Array | undefined> {
    if (!this.enabled) return undefined;
    const latest = await this.store.latest(this.jobName);
    if (!latest) return undefined;
    this.lastSaved = latest.cursor;
    return new Uint8Array(Buffer.from(latest.cursor, 'base64'));
  }

  /**
   * Records a new position; saves it now if the interval has passed, else schedules a save for
   * the end of the interval — so the last batch before a quiet spell is checkpointed too.
   */
  async offer(position: Uint8Array): Promise<void> {
    if (!this.enabled) return;
    this.pending = position;
    const wait = this.intervalMs - (Date.now() - this.lastSaveAt);
    if (wait <= 0) return this.flush();
    this.timer ??= setTimeout(() => void this.flush(), wait);
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.saving) await this.saving;
    const position = this.pending;
    if (!position) return;
    this.pending = undefined;
    const encoded = Buffer.from(position).toString('base64');
    if (encoded === this.lastSaved) return;
    this.lastSaveAt = Date.now();
    this.saving = this.store
      .save(this.jobName, position)
      .then(() => void (this.lastSaved = encoded))
      .catch((error) => {
        // Keep it pending so the next flush tries again; the source is already acked, so a
        // restart before then replays from the older checkpoint (at-least-once holds).
        this.pending ??= position;
        this.logger.error({ err: (error as Error).message }, 'saving the checkpoint failed');
      })
      .finally(() => (this.saving = undefined));
    await this.saving;
  }
}
