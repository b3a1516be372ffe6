// One start-up measurement: spawn a server process, time it to its first 200 from /health (and
// /ready), read its idle RSS from /proc, stop it. Used by startup.bench.ts.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import net from 'node:net';

export interface StartupSample {
  /** Spawn → first 200 from GET /health. */
  healthMs: number;
  /** Spawn → first 200 from GET /ready (everything started). */
  readyMs: number;
  /** VmRSS of the process `idleMs` after its first healthy answer. */
  rssMiB: number;
}

export interface ProbeOptions {
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  port: number;
  /** How long to wait after the first 200 before reading RSS. */
  idleMs: number;
  /** Give up on a process that is not healthy and ready within this. */
  timeoutMs: number;
}

/** A port that was free a moment ago (the child binds it right after; a clash fails the probe loudly). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function probeStartup(options: ProbeOptions): Promise<StartupSample> {
  const started = performance.now();
  const child = spawn(options.command, options.args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = started + options.timeoutMs;
  const firstOk = async (path: string): Promise<number> => {
    while (performance.now() < deadline) {
      if (gone) throw new Error(`the process exited before ${path} answered 200:\n${stderr}`);
      const status = await fetch(`http://127.0.0.1:${options.port}${path}`, { signal: AbortSignal.timeout(1000) }).then((r) => r.status, () => 0);
      if (status === 200) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`${path} gave no 200 within ${options.timeoutMs} ms:\n${stderr}`);
  };
  try {
    const healthMs = await firstOk('/health');
    const readyMs = await firstOk('/ready');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + healthMs + options.idleMs - performance.now())));
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
    return { healthMs, readyMs, rssMiB: kb / 1024 };
  } finally {
    if (!gone) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Median and range of a list of numbers. */
export function spread(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}
