import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DATA_DIR_LAYOUT } from './config/data-dir-layout.js';
import { writeFileAtomic } from './stores/atomic-file.js';

const ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * This host's identity across restarts, given to connectors as `hostId` (a Kafka exactly-once
 * job's transactional.id is `mstream-<host id>-<job name>`, so a host restarted on the same data
 * folder fences its zombie and finishes or aborts its pending transaction). `MSTREAM_HOST_ID`
 * (or the `hostId` option) when set; else the id in `<data dir>/host-id`, written once as
 * `<hostname>-<8 hex>`. Unlike the lease id (`<hostname>-<pid>-<random>` by default), it stays the
 * same for every process that runs on this data folder.
 */
export async function stableHostId(dataDir: string, configured?: string): Promise<string> {
  if (configured) return configured;
  const file = path.join(dataDir, DATA_DIR_LAYOUT.hostId);
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (ID.test(stored)) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const hostname = os.hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 100) || 'host';
  const id = `${hostname}-${randomBytes(4).toString('hex')}`;
  await writeFileAtomic(file, `${id}\n`);
  return id;
}
