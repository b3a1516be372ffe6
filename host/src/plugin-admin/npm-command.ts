import { spawn } from 'node:child_process';
import { ConnectionError, MstreamError, NotFoundError } from '@mstream/sdk';

/** How long one npm call may take before it is killed (a slow registry, a huge dependency tree). */
const NPM_TIMEOUT_MS = Number(process.env.MSTREAM_PLUGIN_INSTALL_TIMEOUT_MS ?? 300_000);

export interface NpmResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs npm (`MSTREAM_NPM` or `npm` on PATH) in `cwd` and maps its failures to mstream errors:
 * an unknown package or version is `MS_ERR_NOT_FOUND`, an unreachable registry is a retriable
 * `MS_ERR_CONNECTION`, anything else `MS_ERR_PLUGIN_INVALID` with npm's own last lines.
 */
export function runNpm(args: string[], cwd: string, what: string): Promise<NpmResult> {
  // npm passes its config to scripts as npm_* variables; a host started by `npm start` must not
  // hand the repo's prefix or workspace settings to the npm that manages the plugin folder.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const npm = process.env.MSTREAM_NPM ?? 'npm';
  return new Promise((resolve, reject) => {
    const child = spawn(npm, args, { cwd, env: { ...env, NO_UPDATE_NOTIFIER: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), NPM_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new MstreamError('MS_ERR_INTERNAL', `cannot run ${npm} (${error.message}); plugin installs need npm on PATH or MSTREAM_NPM`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve({ stdout, stderr });
      reject(npmError(what, stderr || stdout, signal ? `killed by ${signal} after ${NPM_TIMEOUT_MS} ms` : `exit code ${code}`));
    });
  });
}

function npmError(what: string, output: string, how: string): MstreamError {
  const tail = output.split('\n').filter((l) => l.trim() && !/npm (notice|warn)/i.test(l)).slice(-6).join('\n').trim();
  if (/\bE404\b|404 Not Found|is not in this registry/.test(output)) return new NotFoundError(`${what}: not found on the registry (${firstLine(tail)})`);
  if (/\bETARGET\b|No matching version/.test(output)) return new NotFoundError(`${what}: no matching version (${firstLine(tail)})`);
  if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ECONNRESET|socket hang up/.test(output)) {
    return new ConnectionError(`${what}: the registry is unreachable (${firstLine(tail)})`);
  }
  return new MstreamError('MS_ERR_PLUGIN_INVALID', `${what} failed (${how}): ${tail || 'npm printed nothing'}`);
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => /ERR!/.test(l))?.replace(/^npm ERR! ?|^npm error ?/, '').trim() ?? text.split('\n')[0] ?? '';
}
