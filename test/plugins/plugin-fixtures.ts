import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface FixtureOptions {
  /** Plugin id (also the provider name of its service and sink). */
  id: string;
  version?: string;
  /** SDK range in the plugin object. */
  sdk?: string;
  /** `@mstream/sdk` peer range in package.json; `null` leaves the peer dependency out. */
  peer?: string | null;
  /** Code run at import time (e.g. a throw). */
  atImport?: string;
  /** Body of the sink's `write(events)`; the default appends each payload as a line to `<folder>/<resource>`. */
  write?: string;
  /** Write an index.js that imports nothing and only runs `atImport` (for import-time failures before resolution). */
  bare?: boolean;
}

/**
 * Writes a plain-JS plugin package folder that imports the SDK by name, as a published plugin
 * would: `import { definePlugin, ... } from '@mstream/sdk'` resolves through the host's plugin
 * folder link, proving installed plugins get the host's SDK.
 */
export async function writePluginFolder(root: string, options: FixtureOptions): Promise<string> {
  const { id, version = '1.0.0', sdk = '^0.1.0', peer = '^0.1.0' } = options;
  const name = `mstream-plugin-${id}`;
  const dir = path.join(root, `${name}-${version}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({
    name, version, type: 'module', main: 'index.js', keywords: ['mstream-plugin'],
    ...(peer === null ? {} : { peerDependencies: { '@mstream/sdk': peer } }),
    mstream: { apiVersion: 1, role: 'connector-plugin', provides: [`service:${id}`, `sink:${id}`] },
  }, null, 2));
  if (options.bare) {
    await writeFile(path.join(dir, 'index.js'), `${options.atImport ?? ''}\nexport default {};\n`);
    return dir;
  }
  await writeFile(path.join(dir, 'index.js'), `
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { definePlugin, fromUtf8 } from '@mstream/sdk';
${options.atImport ?? ''}
export default definePlugin({
  id: '${id}', version: '${version}', sdk: '${sdk}', description: 'test plugin ${id}',
  register(r) {
    r.service({
      provider: '${id}',
      configSchema: { type: 'object', required: ['folder'], additionalProperties: false, properties: { folder: { type: 'string' } } },
      async connect(config) { await mkdir(config.folder, { recursive: true }); return config.folder; },
    });
    r.sink({
      provider: '${id}',
      create({ service, resource }) {
        return {
          async write(events) { ${options.write ?? `await appendFile(join(service, resource), events.map((e) => fromUtf8(e.payload) + '\\n').join(''));`} },
          async close() {},
        };
      },
    });
  },
});
`);
  return dir;
}
