// Workspaces in the Transform Studio, in a real browser: save the Studio's state, reload the page
// (which forgets it), reopen the workspace, save it again (PUT), and start a new job from it with
// its script as the UDF middleware step.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHost, eventually, type TestHost } from '../../host/test/test-host.js';
import { ensureDashboardBuilt, findChromium, launchBrowser, type Browser } from './browser.js';

const SCRIPT = `// workspace-marker
function transform(data, attributes) {
  return result({ ...data, seen: true }, attributes);
}
`;
const SAMPLE = '{ "email": "grace@example.com" }';

describe('Transform Studio workspaces in a browser', () => {
  let h: TestHost;
  let b: Browser;
  const value = (testid: string) => b.page.getByTestId(testid).inputValue();

  before(async () => {
    findChromium();
    ensureDashboardBuilt();
    h = await startTestHost({ discover: true, config: { services: [{ provider: 'udf', name: 'scripts', sources: [{ filename: 'mask.js', content: SCRIPT }] }] } });
    b = await launchBrowser();
  });
  after(async () => {
    await b?.close();
    await h?.close();
  });

  it('saves the Studio as a workspace and reopens it after a reload', async () => {
    await b.page.goto(`${h.url}/ui/studio`);
    await b.page.getByTestId('script-editor').fill(SCRIPT);
    await b.page.getByTestId('sample-editor').fill(SAMPLE);
    await b.page.getByTestId('script-service').selectOption('scripts');
    await b.page.getByTestId('script-resource').fill('mask.js');
    await b.page.getByTestId('workspace-name').fill('grace masking');
    await b.page.getByTestId('save-workspace').click();
    await b.page.getByTestId('workspace-notice').getByText('saved workspace "grace masking"').waitFor();

    const list = (await h.request('GET', '/workspaces')).body as Array<{ id: string; name: string }>;
    assert.equal(list.length, 1);
    assert.equal(list[0].name, 'grace masking');
    const stored = (await h.request('GET', `/workspaces/${list[0].id}`)).body;
    assert.deepEqual(stored.script, { service_name: 'scripts', resource: 'mask.js' });
    assert.equal(stored.input, SAMPLE);
    assert.equal(stored.script_source, SCRIPT);

    // A reload forgets the Studio's state; the workspace brings it back.
    await b.page.reload();
    await b.page.getByTestId('workspace-bar').waitFor();
    assert.doesNotMatch(await value('script-editor'), /workspace-marker/);
    await eventually(async () => (await b.page.getByTestId('open-workspace').locator('option', { hasText: 'grace masking' }).count()) === 1, 5000, 'the workspace listed');
    await b.page.getByTestId('open-workspace').selectOption({ label: 'grace masking' });
    await b.page.getByTestId('workspace-notice').getByText('opened workspace "grace masking"').waitFor();
    assert.equal(await value('script-editor'), SCRIPT);
    assert.equal(await value('sample-editor'), SAMPLE);
    assert.equal(await value('script-service'), 'scripts');
    assert.equal(await value('script-resource'), 'mask.js');
    assert.equal(await value('workspace-name'), 'grace masking');
    await b.shot('studio-workspace-reopened');

    // Saving an opened workspace replaces it (PUT), keeping its id.
    await b.page.getByTestId('workspace-name').fill('grace masking v2');
    await b.page.getByTestId('save-workspace').click();
    await b.page.getByTestId('workspace-notice').getByText('saved workspace "grace masking v2"').waitFor();
    assert.deepEqual((await h.request('GET', '/workspaces')).body, [{ id: list[0].id, name: 'grace masking v2' }]);
    assert.equal((await h.request('GET', `/workspaces/${list[0].id}`)).body.created_at, stored.created_at);
  });

  it('pre-fills a new job from the workspace, its script as the UDF middleware', async () => {
    await b.page.getByTestId('job-from-workspace').click();
    await b.page.waitForURL(/\/ui\/jobs\/new\?workspace=/);
    await b.page.getByTestId('workspace-prefill').waitFor();
    assert.equal(await value('middlewares[0]-service'), 'scripts');
    assert.equal(await value('middlewares[0]-resource'), 'mask.js');
    // A reload of the pre-filled URL fills it again (once).
    await b.page.reload();
    await b.page.getByTestId('workspace-prefill').waitFor();
    assert.equal(await b.page.getByTestId('middlewares[0]-resource').count(), 1, 'one middleware, not two');
    assert.equal(await value('middlewares[0]-resource'), 'mask.js');
    await b.shot('job-from-workspace');
    assert.deepEqual(b.pageErrors, []);
  });
});
