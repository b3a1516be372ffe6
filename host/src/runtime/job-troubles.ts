/**
 * Trouble a running job's steps report while their clients retry on their own (a broker the
 * Kafka client reconnects to, a write the driver keeps waiting on): nothing throws, so without
 * these reports the job would look healthy in `GET /jobs` for the whole outage. One reason per
 * stage; the oldest one still open is what the job shows.
 */
export class JobTroubles {
  private readonly open = new Map<string, string>();

  constructor(private readonly onChange: (current: { stage: string; reason: string } | undefined) => void) {}

  /** False when the stage already reported this very reason (nothing changed). */
  report(stage: string, reason: string): boolean {
    if (this.open.get(stage) === reason) return false;
    this.open.set(stage, reason);
    // A stage keeps its place when its reason changes; only the shown (oldest) one is re-published.
    if (this.open.keys().next().value === stage) this.onChange({ stage, reason });
    return true;
  }

  clear(stage: string): void {
    if (!this.open.delete(stage)) return;
    this.onChange(this.current());
  }

  current(): { stage: string; reason: string } | undefined {
    const next = this.open.entries().next();
    return next.done ? undefined : { stage: next.value[0], reason: next.value[1] };
  }
}
