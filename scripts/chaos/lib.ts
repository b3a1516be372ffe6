import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../host/test/test-host.js';

export { eventually, freePort } from '../../host/test/test-host.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** One result row of the chaos run. */
export interface Row {
  scenario: string;
  setup: string;
  figures: string;
  ok: boolean;
  /** Why it failed (empty when ok). */
  reason: string;
  seconds: number;
}

export interface Mode {
  quick: boolean;
}

/** A scenario fails by throwing this (or anything): the message becomes the FAIL reason. */
export class ChaosFailure extends Error {}

export function check(condition: unknown, reason: string): asserts condition {
  if (!condition) throw new ChaosFailure(reason);
}

/** A host as a user starts it: the CLI in its own process, cwd = repo root. */
export class HostProcess {
  readonly log: string[] = [];
  private child: ChildProcess | undefined;
  private constructor(
    readonly configFile: string,
    readonly dataDir: string,
    readonly port: number,
  ) {}

  static async create(dir: string, config: string): Promise<HostProcess> {
    const file = path.join(dir, 'mstream.toml');
    await writeFile(file, config);
    return new HostProcess(file, path.join(dir, 'data'), await freePort());
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `extraEnv`: e.g. MSTREAM_HOST_ID, to tell two hosts apart in leases and `owner`. */
  start(extraEnv: Record<string, string> = {}): void {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'MSTREAM_HOST_ID' && k !== 'MSTREAM_API_TOKEN'));
    const child = spawn(
      process.execPath,
      ['--conditions=mstream-source', '--import', 'tsx', path.join(root, 'host/src/cli.ts'), 'start', '--config', this.configFile, '--port', String(this.port), '--data-dir', this.dataDir],
      { cwd: root, env: { ...env, MSTREAM_LOG_LEVEL: 'info', ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (c: Buffer) => this.push(c));
    child.stderr!.on('data', (c: Buffer) => this.push(c));
    this.child = child;
  }

  private push(chunk: Buffer): void {
    this.log.push(chunk.toString());
    // Bounded memory: keep the tail only.
    if (this.log.length > 2000) this.log.splice(0, this.log.length - 1000);
  }

  tail(chars = 3000): string {
    return this.log.join('').slice(-chars);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGKILL, then waits (bounded) for the process to be gone. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await Promise.race([gone, sleep(10_000)]);
  }

  /** SIGTERM (graceful), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await Promise.race([gone, sleep(graceMs)]);
    if (this.running) await this.kill9();
  }

  async request(method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(this.url + route, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed };
  }

  /** Waits (bounded) until GET /ready answers 200; fails early if the process died. */
  async ready(timeoutMs = 60_000): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (!this.running) throw new ChaosFailure(`the host exited before it was ready (exit ${this.child?.exitCode}):\n${this.tail()}`);
      const status = await fetch(`${this.url}/ready`, { signal: AbortSignal.timeout(2000) })
        .then((r) => r.status)
        .catch(() => 0);
      if (status === 200) return Date.now() - started;
      await sleep(100);
    }
    throw new ChaosFailure(`/ready did not answer 200 within ${timeoutMs} ms:\n${this.tail()}`);
  }
}

/** A temporary folder for one scenario, removed afterwards. */
export async function withTempDir<T>(prefix: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `mstream-chaos-${prefix}-`));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns true, at most `timeoutMs`; false when time ran out. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return true;
    } catch {
      // keep polling
    }
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}

export function n(value: number): string {
  return value.toLocaleString('en-US');
}
