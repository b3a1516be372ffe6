import type { Logger } from '@mstream/sdk';
import type { ConnectorConfig, StartupState } from '../config/config-types.js';
import type { JobStore } from '../stores/store-types.js';
import type { JobManager } from './job-manager.js';

/**
 * Decides which jobs run at start-up, as the original does:
 * - `force_from_file`: stop every stored job, then start the file's enabled connectors;
 * - `seed_from_file`: when the store is empty, start the file's enabled connectors; else `keep`;
 * - `keep`: start the stored jobs that should be running, with their stored definitions.
 * A job that cannot start is logged and marked failed; the others still start.
 */
export async function applyStartupState(state: StartupState, connectors: ConnectorConfig[], jobs: JobManager, store: JobStore, logger: Logger): Promise<void> {
  const stored = await store.list();
  const fromFile = async () => {
    for (const connector of connectors.filter((c) => c.enabled !== false)) {
      await jobs.create(connector, { path: `connectors[${connectors.indexOf(connector)}]` }).catch((error) =>
        logger.error({ job_name: connector.name, err: (error as Error).message }, 'cannot start job from the config file'),
      );
    }
  };
  const keep = async () => {
    for (const job of stored.filter((j) => j.desired_state === 'running')) {
      await jobs.restart(job.name).catch((error) => logger.error({ job_name: job.name, err: (error as Error).message }, 'cannot restart stored job'));
    }
  };
  logger.info({ startup_state: state, stored_jobs: stored.length }, 'applying startup state');
  if (state === 'force_from_file') {
    for (const job of stored) {
      if (job.state !== 'stopped' || job.desired_state !== 'stopped') await store.put({ ...job, state: 'stopped', desired_state: 'stopped', updated_at: new Date().toISOString() });
    }
    await fromFile();
  } else if (state === 'seed_from_file' && stored.length === 0) await fromFile();
  else await keep();
}
