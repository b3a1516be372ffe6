import type { Logger } from '@mstream/sdk';
import type { CheckpointStore } from '../stores/store-types.js';

/**
 * Persists a job's resume position at most once per interval (the source is still acked after
 * every batch). A crash loses at most one interval of checkpoint progress, which means replays,
 * never losses. Saving runs beside the job: `offer` never waits for the store (a file store
 * fsyncs twice per save, which would stall the writer for that long), saves never overlap, and
 * each writes the newest position offered so far. `flush` waits for a save in flight and writes
 * the newest pending position immediately (on stop).
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
   * Records a new position (one the sinks have confirmed); starts saving it now if the interval
   * has passed and no save is running, else when the interval ends or the running save is done —
   * so the last batch before a quiet spell is checkpointed too.
   */
  offer(position: Uint8Array): void {
    if (!this.enabled) return;
    this.pending = position;
    this.schedule();
  }

  async flush(): Promise<void> {
    this.cancelTimer();
    while (this.saving) await this.saving;
    // The save that just ended may have scheduled the next one: write it now instead.
    this.cancelTimer();
    if (this.pending) await this.startSave();
  }

  private schedule(): void {
    if (this.saving || this.timer || !this.pending) return;
    const wait = this.intervalMs - (Date.now() - this.lastSaveAt);
    if (wait <= 0) void this.startSave();
    else this.timer = setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    }, wait);
  }

  private cancelTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private startSave(): Promise<void> {
    const position = this.pending!;
    this.pending = undefined;
    const encoded = Buffer.from(position).toString('base64');
    if (encoded === this.lastSaved) return Promise.resolve();
    this.lastSaveAt = Date.now();
    const saving: Promise<void> = this.store
      .save(this.jobName, position)
      .then(
        () => void (this.lastSaved = encoded),
        (error: unknown) => {
          // Keep it pending so the next save tries again (a newer offer wins); the source is
          // already acked, so a restart before then replays from the older checkpoint.
          this.pending ??= position;
          this.logger.error({ err: (error as Error)?.message ?? String(error) }, 'saving the checkpoint failed');
        },
      )
      .finally(() => {
        if (this.saving === saving) this.saving = undefined;
        this.schedule();
      });
    this.saving = saving;
    return saving;
  }
}
