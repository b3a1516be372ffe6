import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs the mstream CLI from its sources, as `mstream …` would run. */
/** tsx by its absolute URL: a bare `--import tsx` resolves from the child's cwd, which may be any folder. */
const TSX = import.meta.resolve('tsx');

export function mstream(args: string[], env: Record<string, string> = {}, cwd = REPO_ROOT): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--conditions=mstream-source', '--import', TSX, path.join(REPO_ROOT, 'host/src/cli.ts'), ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000,
  });
}

/** Runs npm with the environment of a user's shell (no npm_* variables inherited from a parent npm). */
export function npm(args: string[], cwd: string, timeoutMs = 120_000): SpawnSyncReturns<string> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE_OPTIONS' && k !== 'NODE_TEST_CONTEXT'));
  return spawnSync('npm', args, { cwd, encoding: 'utf8', env: env as NodeJS.ProcessEnv, timeout: timeoutMs });
}

export function output(result: SpawnSyncReturns<string>): string {
  return `exit ${result.status}\n${result.stdout}\n${result.stderr}`;
}
