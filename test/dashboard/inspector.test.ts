// The Inspector tab in a real browser: a running job with a UDF that masks emails, watched at
// `source` and at `middleware:0` side by side; the same event (same source position) is plain on
// the left and masked on the right, and one goes to the Transform Studio as its sample.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHost, eventually, type TestHost } from '../../host/test/test-host.js';
import { createWorld, scriptedPlugin } from '../../host/test/fixtures/scripted-plugin.js';
import udfPlugin from '../../plugins/udf/src/index.js';
import { capturePlugin } from '../udf/capture-plugin.js';
import { ensureDashboardBuilt, findChromium, launchBrowser, type Browser } from './browser.js';

const SCRIPT = `function transform(doc) { doc.email = mask_email(doc.email); return result(doc); }`;

describe('dashboard Inspector', () => {
  let h: TestHost;
  let b: Browser;
  let feeder: NodeJS.Timeout;

  before(async () => {
    findChromium();
    ensureDashboardBuilt();
    const world = createWorld();
    const topic: string[] = [];
    world.topics.set('in', topic);
    h = await startTestHost({
      plugins: [scriptedPlugin(world), udfPlugin, capturePlugin().plugin],
      config: {
        services: [
          { provider: 'scripted', name: 'src' },
          { provider: 'udf', name: 'scripts', sources: [{ filename: 'mask.js', content: SCRIPT }] },
          { provider: 'capture', name: 'out' },
        ],
        connectors: [{
          name: 'masking',
          source: { service_name: 'src', resource: 'in', output_encoding: 'json' },
          middlewares: [{ service_name: 'scripts', resource: 'mask.js', output_encoding: 'bson' }],
          sinks: [{ service_name: 'out', resource: 'all', output_encoding: 'json' }],
        }],
      },
    });
    await eventually(async () => (await h.request('GET', '/jobs/masking')).body.state === 'running', 10_000, 'job running');
    // Slower than the tap's rate, so both panes see every event.
    feeder = setInterval(() => topic.push(JSON.stringify({ n: topic.length, email: `person${topic.length}@example.com`, nested: { keep: true } })), 150);
    b = await launchBrowser();
  });
  after(async () => {
    clearInterval(feeder);
    await b?.close();
    await h?.close();
  });

  it('shows the same event plain at source and masked after the middleware, and copies it into the Studio', { timeout: 60_000 }, async () => {
    const { page } = b;
    await page.goto(`${h.url}/ui/jobs/masking`);
    await page.getByTestId('tab-inspector').click();
    await page.getByTestId('inspector-compare').check();
    await page.getByTestId('inspector-stage-2').selectOption('middleware:0');
    const left = page.getByTestId('tap-pane-source');
    const right = page.getByTestId('tap-pane-middleware:0');
    await left.getByTestId('tap-status').getByText('live').waitFor();
    await right.getByTestId('tap-status').getByText('live').waitFor();

    // An event both panes have: the newest on the right that the left also shows.
    const position = await eventually(async () => {
      const rightPositions = await right.getByTestId('tap-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-position')));
      const leftPositions = new Set(await left.getByTestId('tap-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-position'))));
      return rightPositions.find((p) => p && leftPositions.has(p));
    }, 20_000, 'an event in both panes');
    await page.getByTestId('inspector-pause').click();
    const before = left.locator(`[data-testid=tap-event][data-position="${position}"]`);
    const after = right.locator(`[data-testid=tap-event][data-position="${position}"]`);
    await before.locator('.tap-head').click();
    await after.locator('.tap-head').click();
    assert.equal(await before.locator('[data-json-key=email]').textContent(), `"person${position}@example.com"`);
    assert.equal(await after.locator('[data-json-key=email]').textContent(), '"p***@example.com"');
    assert.equal(await after.locator('[data-json-key=keep]').textContent(), 'true');
    await b.shot('inspector-before-after');

    // The filter narrows both panes to matching events.
    await page.getByTestId('inspector-filter').fill(`person${position}@`);
    await eventually(async () => (await left.getByTestId('tap-event').count()) === 1, 5000, 'filtered to one event');
    assert.equal(await right.getByTestId('tap-event').count(), 0, 'the masked side has no plain address');
    await page.getByTestId('inspector-filter').fill('');

    await after.getByTestId('tap-copy-to-studio').click();
    await page.waitForURL(/\/ui\/studio(\?.*)?$/);
    const sample = JSON.parse(await page.getByTestId('sample-editor').inputValue());
    assert.equal(sample.email, 'p***@example.com');
    assert.equal(sample.n, Number(position));
    assert.deepEqual(b.pageErrors, []);
  });
});
