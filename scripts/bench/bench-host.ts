import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Host } from '../../host/src/host.js';

/** An in-process host for benchmarks: given plugins only, quiet logs, its own data folder. */
export async function startBenchHost(plugins: unknown[], config: unknown) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mstream-bench-'));
  const host = new Host({ port: 0, logStdout: false, logLevel: 'warn', discover: false, plugins, config, dataDir });
  const url = await host.start();
  return {
    host,
    url,
    async stop() {
      await host.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
