import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findPluginPackages } from '../../host/src/discovery/find-plugin-packages.js';
import { bundledPluginRoots } from '../../host/src/discovery/install-layout.js';
import { REPO_ROOT } from '../plugins/cli-helpers.js';

function writePackage(dir: string, pkg: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
}
const plugin = (name: string) => ({ name, version: '1.0.0', mstream: { apiVersion: 1, role: 'connector-plugin', provides: [] } });

describe('where the host looks for the plugins installed next to it', () => {
  const tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'mstream-layout-')));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('in a source checkout: the repository\'s plugins/ and node_modules', () => {
    const roots = bundledPluginRoots();
    assert.equal(roots.workspacePlugins, path.join(REPO_ROOT, 'plugins'));
    assert.ok(roots.nodeModules.includes(path.join(REPO_ROOT, 'node_modules')));
  });

  it('installed (npm install -g mstream): the mstream package\'s node_modules and the global prefix, never a plugins/ folder', async () => {
    // <prefix>/lib/node_modules/mstream/node_modules/@mstream/{host,plugin-a}, and a plugin installed globally on its own.
    const global = path.join(tmp, 'prefix/lib/node_modules');
    const nested = path.join(global, 'mstream/node_modules');
    const host = path.join(nested, '@mstream/host');
    writePackage(host, { name: '@mstream/host', version: '1.0.0' });
    writePackage(path.join(nested, '@mstream/plugin-a'), plugin('@mstream/plugin-a'));
    writePackage(path.join(global, 'mstream-plugin-b'), plugin('mstream-plugin-b'));
    writePackage(path.join(global, 'mstream'), { name: 'mstream', version: '1.0.0' });
    // A folder named plugins beside the host is not a workspace and is not scanned.
    writePackage(path.join(nested, '@mstream/plugins/c'), plugin('c'));

    const roots = bundledPluginRoots(host);
    assert.equal(roots.workspacePlugins, undefined);
    assert.deepEqual(roots.nodeModules.slice(0, 2), [nested, global]);
    const found = await findPluginPackages({ ...roots, pluginPath: [] });
    assert.deepEqual(found.map((p) => p.packageJson.name), ['@mstream/plugin-a', 'mstream-plugin-b']);
  });
});
