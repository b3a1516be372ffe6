import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { isMstreamError, type Logger } from '@mstream/sdk';
import type { JobManager } from './job-manager.js';
import type { ServiceManager } from '../services/service-manager.js';
import { diffConfig, hasChanges, type ConfigChanges } from '../config/config-diff.js';
import type { MstreamConfig } from '../config/config-types.js';

/** Waits this long after the last change event: editors write a file in several steps. */
const SETTLE_MS = 250;

export interface ReloaderDeps {
  file: string;
  /** Reads and validates the file; throws ConfigValidationError listing every problem. */
  load(): Promise<MstreamConfig>;
  services: ServiceManager;
  jobs: JobManager;
  logger: Logger;
}

export type ReloadOutcome = { applied: ConfigChanges } | { unchanged: true } | { rejected: Error };

/**
 * Applies edits of the config file to the running host (Redpanda Connect's `--watcher`, Benthos
 * streams mode): connectors added to the file start, changed ones restart with the new definition
 * (same name, so they resume from their checkpoints), removed ones stop (kept, with their
 * checkpoints, until deleted through the API); services added or changed are stored and the jobs
 * using a changed one restart. Only what the file itself declared is touched: jobs created through
 * the API are left alone. A file that does not validate changes nothing; every problem is logged.
 * `[system]` is only read at start; a change there is logged as needing a restart.
 */
export class ConfigReloader {
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  /** Reloads run one at a time; a change during a reload triggers one more afterwards. */
  private running?: Promise<ReloadOutcome>;
  private again = false;

  constructor(
    private readonly deps: ReloaderDeps,
    private current: MstreamConfig,
  ) {}

  /** Watches the file's folder (an editor's rename-over-the-original replaces the watched inode). */
  start(): void {
    const file = path.resolve(this.deps.file);
    const base = path.basename(file);
    this.watcher = watch(path.dirname(file), (_event, name) => {
      if (name !== null && name !== base) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.reload(), SETTLE_MS);
    });
    this.watcher.on('error', (error) => this.deps.logger.warn({ file, err: error.message }, 'cannot watch the config file any more; restart the host to apply edits'));
    this.deps.logger.info({ file }, 'watching the config file; edits are applied without a restart');
  }

  stop(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
  }

  /** Reads the file now and applies what changed. */
  async reload(): Promise<ReloadOutcome> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.reloadOnce();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.reload();
      }
    }
  }

  private async reloadOnce(): Promise<ReloadOutcome> {
    const { logger, file } = this.deps;
    let next: MstreamConfig;
    try {
      next = await this.deps.load();
    } catch (error) {
      const issues = isMstreamError(error) ? (error.details?.issues as unknown[] | undefined) : undefined;
      logger.error({ file, issues, err: (error as Error).message }, 'the edited config file is not valid; still running the previous one');
      return { rejected: error as Error };
    }
    const changes = diffConfig(this.current, next);
    if (!hasChanges(changes)) return { unchanged: true };
    await this.apply(changes);
    this.current = next;
    logger.info(
      {
        file,
        connectors_added: changes.connectorsAdded.map((c) => c.name),
        connectors_changed: changes.connectorsChanged.map((c) => c.name),
        connectors_removed: changes.connectorsRemoved,
        services_added: changes.servicesAdded.map((s) => s.name),
        services_changed: changes.servicesChanged.map((s) => s.name),
        services_removed: changes.servicesRemoved,
      },
      'config file reloaded',
    );
    return { applied: changes };
  }

  private async apply(changes: ConfigChanges): Promise<void> {
    const { services, jobs, logger } = this.deps;
    const attempt = async (what: Record<string, unknown>, message: string, work: () => Promise<unknown>) => {
      await work().catch((error: unknown) => logger.error({ ...what, err: (error as Error).message }, message));
    };
    if (changes.systemChanged) logger.warn({ file: this.deps.file }, 'the [system] section changed; restart the host to apply it');
    for (const service of changes.servicesAdded) {
      await attempt({ service: service.name }, 'cannot add the service from the config file', () => services.put(service, { replace: true }));
    }
    for (const service of changes.servicesChanged) {
      // Jobs whose connector changes too are restarted below with their new definition anyway.
      const users = await jobs.jobsUsing(service.name);
      await attempt({ service: service.name }, 'cannot update the service from the config file', () =>
        jobs.restartAround(users, () => services.put(service, { replace: true })),
      );
    }
    for (const name of changes.connectorsRemoved) {
      await attempt({ job_name: name }, 'cannot stop the job removed from the config file', async () => {
        await jobs.stop(name);
        logger.info({ job_name: name }, 'job removed from the config file: stopped, its checkpoints kept (DELETE /jobs/{name} forgets it)');
      });
    }
    for (const connector of [...changes.connectorsChanged, ...changes.connectorsAdded]) {
      const path = `connectors[${connector.name}]`;
      if (connector.enabled === false) {
        await attempt({ job_name: connector.name }, 'cannot stop the job disabled in the config file', () => jobs.stop(connector.name).catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error))));
        continue;
      }
      await attempt({ job_name: connector.name }, 'cannot start the job from the config file', () => jobs.replace(connector, { path }));
    }
    for (const name of changes.servicesRemoved) {
      const users = await jobs.jobsUsing(name);
      if (users.length) {
        logger.warn({ service: name, used_by_jobs: users }, 'service removed from the config file is still used by jobs; kept');
        continue;
      }
      await attempt({ service: name }, 'cannot remove the service dropped from the config file', () => services.remove(name));
    }
  }
}

function isNotFound(error: unknown): boolean {
  return isMstreamError(error) && error.code === 'MS_ERR_NOT_FOUND';
}
