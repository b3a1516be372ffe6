import type { Logger } from '@mstream/sdk';
import type { LeaseStore } from '../stores/store-types.js';
import { sleep } from './backoff.js';

/** Default lease length: a dead owner's job resumes elsewhere within about this long. */
export const DEFAULT_LEASE_TTL_MS = 15_000;

/**
 * The lease that lets one of the hosts sharing a job store run an exclusive job (a change
 * stream): two hosts reading it would each get every event. The holder renews it every third of
 * its TTL; the others poll at the same pace and take over when it expires or is released.
 *
 * A holder that cannot renew (store unreachable) gives the job up after two thirds of the TTL,
 * before anyone else may take it, so two hosts never run the job at once as long as their
 * clocks agree to within the remaining third.
 */
export class JobLease {
  private renewTimer?: NodeJS.Timeout;

  constructor(
    private readonly store: LeaseStore,
    private readonly jobName: string,
    readonly owner: string,
    private readonly ttlMs: number,
    private readonly logger: Logger,
  ) {}

  /**
   * Resolves true once this host holds the lease, or false as soon as `wanted` says the job should
   * no longer run (stopped from another host). While another host holds it, calls `onStandby` once
   * and polls. Rejects with the signal's reason when the job is stopped here meanwhile.
   */
  async acquire(signal: AbortSignal, wanted: () => Promise<boolean>, onStandby: () => void): Promise<boolean> {
    let standingBy = false;
    for (;;) {
      signal.throwIfAborted();
      try {
        if (!(await wanted())) return false;
        if (await this.store.tryAcquire(this.jobName, this.owner, this.ttlMs)) {
          // Stopped between the check and the claim: hand it back at once.
          if (await wanted()) return true;
          await this.release();
          return false;
        }
        if (!standingBy) onStandby();
        standingBy = true;
      } catch (error) {
        this.logger.warn({ err: (error as Error).message }, 'cannot reach the lease store; retrying');
      }
      await sleep(this.ttlMs / 3, signal);
    }
  }

  /** Renews the lease until {@link stopRenewing}; calls `onLost` once if it is lost. */
  keep(onLost: (why: string) => void): void {
    let renewedAt = Date.now();
    let lost = false;
    const lose = (why: string) => {
      if (lost) return;
      lost = true;
      this.stopRenewing();
      onLost(why);
    };
    this.renewTimer = setInterval(() => {
      this.store.tryAcquire(this.jobName, this.owner, this.ttlMs).then(
        (held) => (held ? (renewedAt = Date.now()) : lose('another host holds the lease')),
        (error: Error) => {
          if (Date.now() - renewedAt >= (this.ttlMs * 2) / 3) lose(`the lease could not be renewed: ${error.message}`);
        },
      );
    }, this.ttlMs / 3);
    // A standby job must not keep the process alive on its own.
    this.renewTimer.unref();
  }

  stopRenewing(): void {
    clearInterval(this.renewTimer);
    this.renewTimer = undefined;
  }

  /** Gives the lease up so a standby host takes over at its next poll. Best effort: it expires anyway. */
  async release(): Promise<void> {
    this.stopRenewing();
    await this.store.release(this.jobName, this.owner).catch((error: Error) => this.logger.warn({ err: error.message }, 'could not release the job lease; it expires by itself'));
  }
}
