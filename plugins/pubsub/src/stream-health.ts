import type { ConnectorHealth } from '@mstream/sdk';

const PROBE_EVERY_MS = 3000;

/**
 * Tells the host when a subscription's streaming pull cannot reach Pub/Sub. The client
 * reconnects a failed stream by itself and says so only in a `debug` event, and streams also
 * end routinely (the service rotates them), so a stream that ended is checked with a cheap call
 * (`probe`, the subscription's metadata): only a failing probe is trouble. While in trouble the
 * probe repeats every few seconds; a probe that succeeds or a message that arrives ends it.
 */
export class StreamHealth {
  private probing = false;
  private degraded = false;
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly probe: () => Promise<void>,
    private readonly health: ConnectorHealth | undefined,
    private readonly subscription: string,
  ) {}

  /** The client's stream ended and will be retried (`status`: what the client said). */
  streamRetried(status: string): void {
    if (!this.health || this.probing || this.closed) return;
    this.probing = true;
    void this.check(status);
  }

  messageArrived(): void {
    if (this.degraded) this.recover();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.degraded) this.recover();
  }

  private async check(status: string): Promise<void> {
    try {
      await this.probe();
      if (this.degraded) this.recover();
      this.probing = false;
    } catch (error) {
      if (this.closed) return;
      this.degraded = true;
      this.health!.degraded(`the streaming pull from ${this.subscription} cannot reach Pub/Sub (${status}; checking the subscription: ${(error as Error).message}); the client reconnects by itself`);
      this.timer = setTimeout(() => void this.check(status), PROBE_EVERY_MS);
      this.timer.unref();
    }
  }

  private recover(): void {
    this.degraded = false;
    this.probing = false;
    clearTimeout(this.timer);
    this.health?.recovered();
  }
}
