// Issue 18 item 6 in a real browser: metric charts with a clock-time axis, a unit and a tooltip,
// a 5 min / 1 h window; dark mode following the system with a persisted toggle; and every page
// usable at phone width (390 × 844) without sideways scrolling.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestHost, type TestHost } from '../../host/test/test-host.js';
import { ensureDashboardBuilt, findChromium, launchBrowser, type Browser } from './browser.js';

const JOB = 'chart-job';
const seconds = (hms: string) => hms.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);

describe('dashboard charts, theme and phone layout', () => {
  let h: TestHost;
  let b: Browser;
  let outDir: string;

  before(async () => {
    findChromium();
    ensureDashboardBuilt();
    outDir = mkdtempSync(path.join(os.tmpdir(), 'mstream-charts-'));
    h = await startTestHost({ discover: true, filesRoot: outDir, config: { services: [{ provider: 'datagen', name: 'generator' }, { provider: 'file', name: 'files', path: outDir }] } });
    const job = await h.request('POST', '/jobs', {
      name: JOB,
      source: { service_name: 'generator', resource: 'user', output_encoding: 'json', options: { rate: 20 } },
      sinks: [{ service_name: 'files', resource: 'out.jsonl', output_encoding: 'json' }],
    });
    assert.equal(job.status, 201, JSON.stringify(job.body));
    b = await launchBrowser();
  });
  after(async () => {
    await b?.close();
    await h?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  const ticks = async () => (await b.page.getByTestId('chart').first().getByTestId('chart-x-tick').allTextContents()).map((t) => t.trim());

  it('draws a chart with clock-time labels, a unit, a tooltip and a window choice', async () => {
    await b.page.goto(`${h.url}/ui/jobs/${JOB}`);
    const chart = b.page.getByTestId('chart').first();
    await chart.waitFor();
    await b.page.getByTestId('chart-window-5m').click();
    assert.equal(await chart.getByTestId('chart-unit').textContent(), 'events/s');
    const units = await b.page.getByTestId('chart-unit').allTextContents();
    assert.ok(units.includes('bytes/s') && units.includes('s of lag'), units.join(', '));
    const five = await ticks();
    assert.ok(five.length >= 3, `ticks: ${five.join(' ')}`);
    for (const t of five) assert.match(t, /^\d\d:\d\d:\d\d$/);
    const span5 = seconds(five.at(-1)!) - seconds(five[0]);
    assert.ok(span5 > 0 && span5 <= 300, `5 min axis spans ${span5}s`);

    // A few samples, then hover over the right end of the plot: the tooltip names value and time.
    await b.page.waitForFunction("document.querySelectorAll('[data-testid=chart] path').length > 0");
    await b.page.waitForTimeout(3000);
    const svg = chart.locator('svg');
    const box = (await svg.boundingBox())!;
    await b.page.mouse.move(box.x + box.width - 8, box.y + box.height / 2);
    const tip = chart.getByTestId('chart-tooltip');
    await tip.waitFor();
    assert.match((await tip.getByTestId('chart-tooltip-value').textContent()) ?? '', /^[\d,.]+ events\/s$/);
    assert.match((await tip.getByTestId('chart-tooltip-time').textContent()) ?? '', /^\d\d:\d\d:\d\d$/);
    await b.shot('30-chart-tooltip');
    await b.page.mouse.move(0, 0);
    await tip.waitFor({ state: 'detached' });

    // Keyboard focus shows the tooltip too.
    await svg.focus();
    await tip.waitFor();
    await b.page.keyboard.press('ArrowLeft');
    await svg.blur();

    await b.page.getByTestId('chart-window-1h').click();
    await b.page.waitForFunction("document.querySelector('[data-testid=chart-window-1h]')?.getAttribute('aria-pressed') === 'true'");
    const hour = await ticks();
    const span1h = seconds(hour.at(-1)!) - seconds(hour[0]);
    // Across midnight the clock wraps; the span is then negative and still not the 5 min one.
    assert.ok(Math.abs(span1h) > 300, `1 h axis spans ${span1h}s: ${hour.join(' ')}`);
    await b.shot('31-chart-1h');
    await b.page.reload();
    await b.page.getByTestId('chart').first().waitFor();
    assert.equal(await b.page.getByTestId('chart-window-1h').getAttribute('aria-pressed'), 'true', 'the window choice is remembered');
    await b.page.getByTestId('chart-window-5m').click();
  });

  it('shows sparklines with a tooltip on the overview', async () => {
    await b.page.goto(`${h.url}/ui/`);
    const spark = b.page.getByTestId('throughput-table').locator('tr', { hasText: JOB }).getByTestId('sparkline');
    await spark.waitFor();
    await b.page.waitForTimeout(2500);
    const box = (await spark.boundingBox())!;
    await b.page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    const tip = b.page.getByTestId('sparkline-tooltip');
    await tip.waitFor();
    assert.match((await tip.textContent()) ?? '', /events\/s.*\d\d:\d\d:\d\d/);
  });

  it('follows the system colour scheme and toggles the theme, remembered across reloads', async () => {
    // String expressions: the browser's DOM types are not part of this Node program.
    const bg = async () => (await b.page.evaluate('getComputedStyle(document.body).backgroundColor')) as string;
    const dark = (c: string) => {
      const [r, g, bl] = (c.match(/\d+/g) ?? []).map(Number);
      return r + g + bl < 200;
    };
    await b.page.emulateMedia({ colorScheme: 'light' });
    await b.page.goto(`${h.url}/ui/`);
    await b.page.getByTestId('health').waitFor();
    assert.equal(dark(await bg()), false, 'light system → light page');
    await b.page.emulateMedia({ colorScheme: 'dark' });
    assert.equal(dark(await bg()), true, 'dark system → dark page');
    await b.shot('32-dark-system');
    await b.page.emulateMedia({ colorScheme: 'light' });
    assert.equal(dark(await bg()), false);

    const toggle = b.page.getByTestId('theme-toggle');
    assert.equal(await toggle.getAttribute('data-theme-choice'), 'system');
    await toggle.click(); // system → dark
    assert.equal(await toggle.getAttribute('data-theme-choice'), 'dark');
    assert.equal(dark(await bg()), true, 'the toggle overrides a light system');
    await b.page.reload();
    await b.page.getByTestId('health').waitFor();
    assert.equal(dark(await bg()), true, 'the choice survives a reload');
    await b.page.goto(`${h.url}/ui/jobs/${JOB}`);
    await b.page.getByTestId('chart').first().waitFor();
    await b.shot('33-dark-job');
    await b.page.getByTestId('theme-toggle').click(); // dark → light
    await b.page.emulateMedia({ colorScheme: 'dark' });
    assert.equal(dark(await bg()), false, 'an explicit light choice overrides a dark system');
    await b.page.getByTestId('theme-toggle').click(); // light → system
    assert.equal(dark(await bg()), true, 'back to following the (dark) system');
    assert.equal(await b.page.evaluate("localStorage.getItem('mstream.theme')"), null);
    await b.page.emulateMedia({ colorScheme: 'light' });
  });

  it('fits every page at 390 × 844 with its main controls visible', async () => {
    await b.page.setViewportSize({ width: 390, height: 844 });
    const pages: Array<[string, string[]]> = [
      ['/', ['health']],
      ['/jobs', ['new-job', 'jobs-table']],
      ['/jobs/new', ['mode-form', 'mode-json']],
      [`/jobs/${JOB}`, ['job-title', 'tab-metrics', 'chart-window-1h', 'chart']],
      ['/services', ['new-service', 'services-table']],
      ['/services/new', ['service-provider', 'service-name']],
      ['/services/generator', ['delete-service']],
      ['/studio', ['save-workspace', 'workspace-name']],
      ['/schemas', ['schema-service', 'convert']],
      ['/plugins', ['plugins']],
      ['/logs', ['log-level', 'log-search', 'log-pause']],
    ];
    for (const [route, controls] of pages) {
      await b.page.goto(`${h.url}/ui${route === '/' ? '/' : route}`);
      await b.page.locator('h1').first().waitFor();
      for (const id of controls) {
        const el = b.page.getByTestId(id).first();
        await el.waitFor({ state: 'visible' });
        const box = (await el.boundingBox())!;
        assert.ok(box.x >= -1 && box.x < 390, `${route}: ${id} starts off screen at x=${box.x}`);
        if (!id.endsWith('-table')) assert.ok(box.x + box.width <= 391, `${route}: ${id} ends off screen at ${box.x + box.width}`);
      }
      await b.page.waitForTimeout(300);
      const overflow = (await b.page.evaluate('document.scrollingElement.scrollWidth')) as number;
      await b.shot(`34-phone${route.replaceAll('/', '-')}`);
      assert.ok(overflow <= 391, `${route} is ${overflow}px wide at 390px`);
      // The navigation collapses behind the Menu button and opens on demand.
      const nav = b.page.getByTestId('nav');
      assert.equal(await nav.isVisible(), false, `${route}: the nav is collapsed`);
      await b.page.getByTestId('menu-toggle').click();
      await nav.getByRole('link', { name: 'Logs' }).waitFor({ state: 'visible' });
      await b.page.getByTestId('menu-toggle').click();
      await nav.waitFor({ state: 'hidden' });
    }
    // A menu link navigates and closes the menu.
    await b.page.getByTestId('menu-toggle').click();
    await b.page.getByTestId('nav').getByRole('link', { name: 'Jobs' }).click();
    await b.page.waitForURL(/\/ui\/jobs$/);
    await b.page.getByTestId('nav').waitFor({ state: 'hidden' });
    await b.page.setViewportSize({ width: 1280, height: 900 });
    assert.deepEqual(b.pageErrors, []);
  });
});
