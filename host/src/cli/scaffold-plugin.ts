import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostSdkDir } from '../plugin-admin/plugin-folder.js';
import { runNpm } from '../plugin-admin/npm-command.js';

const TEMPLATE_ID = 'plugin-template';
const SKIP = new Set(['node_modules', 'dist', 'vendor']);
const ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const HOST_PACKAGE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** npm never packs a file named `.gitignore`, so the template ships it under this name. */
const PACKED_GITIGNORE = 'gitignore';

/**
 * Where `plugins new` copies from: MSTREAM_PLUGIN_TEMPLATE; else `plugin-template/` inside the
 * host package (an install from a registry: the release copies it there at pack time); else
 * examples/plugin-template of this checkout.
 */
export function templateDir(): string {
  if (process.env.MSTREAM_PLUGIN_TEMPLATE) return process.env.MSTREAM_PLUGIN_TEMPLATE;
  const packaged = path.join(HOST_PACKAGE, 'plugin-template');
  return existsSync(path.join(packaged, 'package.json')) ? packaged : path.resolve(HOST_PACKAGE, '../examples/plugin-template');
}

export interface ScaffoldResult {
  dir: string;
  packageName: string;
  sdkTarball: string;
}

/**
 * Creates `<parent>/<id>` from the plugin template: ids, provider names, package name and file
 * names renamed. The SDK is not on the public registry, so the host's own SDK is packed into
 * `vendor/` and referenced as a `file:` dev dependency (the package still declares it as a peer
 * dependency, which is what hosts check); the package then builds and tests anywhere.
 */
export async function scaffoldPlugin(id: string, parent: string): Promise<ScaffoldResult> {
  if (!ID_PATTERN.test(id)) throw new Error(`"${id}" is not a valid plugin id: use kebab-case, e.g. "acme-queue"`);
  const template = templateDir();
  if (!existsSync(path.join(template, 'package.json'))) throw new Error(`plugin template not found at ${template} (set MSTREAM_PLUGIN_TEMPLATE)`);
  const dir = path.resolve(parent, id);
  if (existsSync(dir) && (await readdir(dir)).length > 0) throw new Error(`${dir} exists and is not empty`);
  const packageName = `mstream-plugin-${id}`;
  const title = id.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
  const rename = (text: string) =>
    text.replaceAll(`mstream-${TEMPLATE_ID}`, packageName).replaceAll(TEMPLATE_ID, id).replaceAll('Plugin template', title);
  await copyTree(template, dir, rename);

  const sdkDir = hostSdkDir();
  if (!existsSync(path.join(sdkDir, 'dist', 'index.js'))) throw new Error(`the SDK at ${sdkDir} is not built; run \`npm run build\` first`);
  const vendor = path.join(dir, 'vendor');
  await mkdir(vendor, { recursive: true });
  const { stdout } = await runNpm(['pack', sdkDir, '--pack-destination', vendor, '--ignore-scripts', '--json', '--loglevel=error'], vendor, 'npm pack @mstream/sdk');
  const sdkTarball = path.basename((JSON.parse(stdout) as Array<{ filename: string }>)[0].filename);
  const pkgFile = path.join(dir, 'package.json');
  const pkg = JSON.parse(await readFile(pkgFile, 'utf8')) as { devDependencies: Record<string, string> };
  pkg.devDependencies['@mstream/sdk'] = `file:vendor/${sdkTarball}`;
  await writeFile(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  return { dir, packageName, sdkTarball };
}

async function copyTree(from: string, to: string, rename: (text: string) => string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from)) {
    if (SKIP.has(entry) || entry.endsWith('.tgz') || entry.endsWith('.tsbuildinfo')) continue;
    const source = path.join(from, entry);
    const target = path.join(to, entry === PACKED_GITIGNORE ? '.gitignore' : rename(entry));
    if ((await stat(source)).isDirectory()) await copyTree(source, target, rename);
    else await writeFile(target, rename(await readFile(source, 'utf8')));
  }
}
