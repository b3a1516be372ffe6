// Runs schemathesis (PyPI; .ci/run installs it into a virtual environment outside the repo)
// against a fuzz host: `npm run fuzz:api` for the full run, `-- --bounded` for CI's short one.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFuzzHost } from './fuzz-host.js';

export const SCHEMATHESIS_VERSION = '4.32.5';
const here = path.dirname(fileURLToPath(import.meta.url));

/** Where `.ci/run` puts it; MSTREAM_SCHEMATHESIS names another `st`. */
export function schemathesisBinary(): string {
  return process.env.MSTREAM_SCHEMATHESIS ?? path.join(os.homedir(), '.cache', 'mstream', `schemathesis-${SCHEMATHESIS_VERSION}`, 'bin', 'st');
}

export const schemathesisInstalled = () => existsSync(schemathesisBinary());

/** The checks the API promises to pass (issue 15): no 5xx, and the document and server agree. */
const CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance', 'negative_data_rejection'];

export interface FuzzRun {
  code: number;
  output: string;
}

/**
 * Bounded: a fixed seed and a few examples per operation (about a minute here). Unbounded: many
 * examples per operation (as long as it takes). `/logs/stream` never ends, `/jobs/{name}/tap` streams
 * until `limit` events passed (for as long as a quiet job takes), and `POST /plugins` runs
 * npm against a registry (the marketplace tests prove it against verdaccio), so all three stay out.
 * `POST /jobs/dry-run` reads the job's real source for up to `timeout_ms` (30 s allowed), longer
 * than the request timeout here; test/kafka/kafka-dry-run.test.ts proves it against the broker.
 */
export async function runSchemathesis({ bounded, seed = 1 }: { bounded: boolean; seed?: number }): Promise<FuzzRun> {
  const host = await startFuzzHost();
  try {
    const args = [
      '--config-file', path.join(here, 'schemathesis.toml'),
      'run', `${host.url}/openapi.json`,
      '-H', `Authorization: Bearer ${host.token}`,
      '--checks', CHECKS.join(','),
      '--exclude-path', '/logs/stream',
      '--exclude-path', '/jobs/{name}/tap',
      '--exclude-name', 'POST /plugins',
      '--exclude-name', 'POST /jobs/dry-run',
      '--seed', String(seed),
      '--max-examples', bounded ? '25' : '500',
      '--workers', '2',
      '--request-timeout', '10',
      '--no-color',
      '--generation-database', 'none',
    ];
    // From a temporary folder: schemathesis leaves its caches (.schemathesis/) where it runs.
    const child = spawn(schemathesisBinary(), args, { cwd: os.tmpdir(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SCHEMATHESIS_HOOKS: '' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
    return { code, output };
  } finally {
    await host.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!schemathesisInstalled()) {
    console.error(`schemathesis is not at ${schemathesisBinary()}: python3 -m venv <dir> && <dir>/bin/pip install schemathesis==${SCHEMATHESIS_VERSION}, then MSTREAM_SCHEMATHESIS=<dir>/bin/st`);
    process.exit(2);
  }
  const { code, output } = await runSchemathesis({ bounded: process.argv.includes('--bounded'), seed: Number(process.env.FUZZ_SEED ?? 1) });
  process.stdout.write(output);
  process.exit(code);
}
