// "Try on N events" in the job form, in a real browser: a datagen source, a UDF that masks
// emails and a capturing sink; the dry run shows each event at the source and what the sink
// would get (masked), and the sink receives nothing. A source that cannot dry-run says so.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHost, type TestHost } from '../../host/test/test-host.js';
import { createWorld, scriptedPlugin } from '../../host/test/fixtures/scripted-plugin.js';
import datagenPlugin from '../../plugins/datagen/src/index.js';
import udfPlugin from '../../plugins/udf/src/index.js';
import { capturePlugin } from '../udf/capture-plugin.js';
import { ensureDashboardBuilt, findChromium, launchBrowser, type Browser } from './browser.js';

const SCRIPT = `function transform(doc) { doc.email = mask_email(doc.email); return result(doc); }`;

const job = (source: Record<string, unknown>) => ({
  name: 'try-me',
  source,
  middlewares: [{ service_name: 'scripts', resource: 'mask.js', output_encoding: 'json' }],
  sinks: [{ service_name: 'out', resource: 'all', output_encoding: 'json' }],
});

describe('dashboard dry run ("Try on N events")', () => {
  let h: TestHost;
  let b: Browser;
  const capture = capturePlugin();

  before(async () => {
    findChromium();
    ensureDashboardBuilt();
    h = await startTestHost({
      plugins: [datagenPlugin, scriptedPlugin(createWorld()), udfPlugin, capture.plugin],
      config: {
        services: [
          { provider: 'datagen', name: 'gen' },
          { provider: 'scripted', name: 'src' },
          { provider: 'udf', name: 'scripts', sources: [{ filename: 'mask.js', content: SCRIPT }] },
          { provider: 'capture', name: 'out' },
        ],
        connectors: [],
      },
    });
    b = await launchBrowser();
  });
  after(async () => {
    await b?.close();
    await h?.close();
  });

  it('shows the source events and what each sink would get, writing nothing', { timeout: 60_000 }, async () => {
    const { page } = b;
    await page.goto(`${h.url}/ui/jobs/new`);
    await page.getByTestId('mode-json').click();
    await page.getByTestId('job-text').fill(JSON.stringify(job({ service_name: 'gen', resource: 'user', output_encoding: 'json', options: { seed: 7 } }), null, 2));
    await page.getByTestId('dry-run-count').fill('3');
    await page.getByTestId('dry-run').click();
    const result = page.getByTestId('dry-run-result');
    await result.waitFor();
    assert.match((await page.getByTestId('dry-run-summary').textContent()) ?? '', /3 events read\./);
    const rows = result.getByTestId('dry-run-event');
    assert.equal(await rows.count(), 3);
    assert.match((await result.locator('thead').textContent()) ?? '', /Sink 1: out \/ all/);
    for (let i = 0; i < 3; i++) {
      const row = rows.nth(i);
      const plain = JSON.parse((await row.locator('td').nth(1).locator('[data-json-key=email]').textContent())!);
      const masked = JSON.parse((await row.getByTestId('dry-run-sink-sinks[0]').locator('[data-json-key=email]').textContent())!);
      assert.match(plain, /^[^*]+@/, 'plain at the source');
      assert.match(masked, /\*\*\*@/, 'masked for the sink');
      assert.notEqual(plain, masked);
    }
    await b.shot('dry-run-result');
    assert.equal(capture.written.length, 0, 'the sink was given nothing');
    assert.equal((await h.request('GET', '/jobs')).body.length, 0, 'no job was created');
  });

  it('says so when the source cannot be read without side effects', { timeout: 30_000 }, async () => {
    const { page } = b;
    await page.goto(`${h.url}/ui/jobs/new`);
    await page.getByTestId('mode-json').click();
    await page.getByTestId('job-text').fill(JSON.stringify(job({ service_name: 'src', resource: 'in', output_encoding: 'json' })));
    await page.getByTestId('dry-run').click();
    const error = page.getByTestId('error');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /without side effects.*MS_ERR_UNSUPPORTED/s);
  });
});
