// A host for fuzzing the API: the bundled plugins, a token, a few services and jobs so that GETs
// find something, all in a temporary folder that is the files root. Installing plugins points at a
// closed local port, so a fuzzed `POST /plugins` never reaches a real registry.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Host } from '../../host/src/host.js';

export interface FuzzHost {
  url: string;
  token: string;
  stop(): Promise<void>;
}

const CONFIG = {
  services: [
    { provider: 'datagen', name: 'gen' },
    { provider: 'file', name: 'out', path: 'out' },
  ],
  connectors: [
    {
      name: 'users',
      source: { service_name: 'gen', resource: 'users', output_encoding: 'json', options: { count: 50, seed: 1 } },
      sinks: [{ service_name: 'out', resource: 'users.jsonl', output_encoding: 'json' }],
    },
  ],
};

export async function startFuzzHost(port = 0): Promise<FuzzHost> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mstream-fuzz-'));
  process.env.MSTREAM_PLUGIN_REGISTRY = 'http://127.0.0.1:9/';
  const token = 'fuzz-admin-token';
  const host = new Host({ port, dataDir, apiToken: token, logStdout: false, logLevel: 'warn', discover: true, config: CONFIG, stopGraceMs: 1000 });
  const url = await host.start();
  return {
    url,
    token,
    async stop() {
      await host.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// `node --conditions=mstream-source --import tsx scripts/api-fuzz/fuzz-host.ts [port]` keeps one running.
if (import.meta.url === `file://${process.argv[1]}`) {
  const host = await startFuzzHost(Number(process.argv[2] ?? 0));
  console.log(`fuzz host at ${host.url} (token ${host.token})`);
  const stop = () => void host.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
