import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'dashboard');

/** Debian's chromium (never a downloaded browser: these machines are offline). Fails loudly when absent. */
export function findChromium(): string {
  try {
    return execSync('command -v chromium || command -v chromium-browser', { shell: '/bin/sh', encoding: 'utf8' }).trim().split('\n')[0];
  } catch {
    throw new Error('chromium is not installed: the dashboard browser tests need it. Install it with `apt-get update && apt-get install -y chromium` (.ci/run does this in CI).');
  }
}

/** The tests drive the built dashboard; build it once when `npm run build` has not. */
export function ensureDashboardBuilt(): void {
  if (existsSync(path.join(REPO_ROOT, 'dashboard/dist/index.html'))) return;
  const res = spawnSync('npm', ['run', 'build:dashboard'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (res.status !== 0) throw new Error('building the dashboard failed (npm run build:dashboard)');
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors: a test fails on any. */
  pageErrors: string[];
  shot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Headless chromium with a throw-away profile and no network but loopback. */
export async function launchBrowser(width = 1280, height = 900): Promise<Browser> {
  const executablePath = findChromium();
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'mstream-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width, height },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-quic', '--disable-dev-shm-usage', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(10_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    context,
    page,
    pageErrors,
    async shot(name) {
      const file = path.join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
