#!/usr/bin/env node
// The host package's prepack/postpack step. An installed host has no repository around it, so
// what it serves and scaffolds from must ship inside it: the built dashboard (dashboard/dist →
// host/dashboard) and the plugin template (examples/plugin-template → host/plugin-template).
// serve-dashboard.ts and scaffold-plugin.ts look there first. postpack removes the copies again,
// so a checkout never serves a stale copy instead of a rebuilt dashboard/dist.
//   node scripts/release/host-assets.mjs copy|clean
import { cpSync, existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const host = path.join(root, 'host');
const targets = { dashboard: path.join(host, 'dashboard'), template: path.join(host, 'plugin-template') };
// Build output and installs of the template are not part of it (scaffold-plugin.ts skips the same).
const SKIP = new Set(['node_modules', 'dist', 'vendor']);

function clean() {
  for (const dir of Object.values(targets)) rmSync(dir, { recursive: true, force: true });
}

function copy() {
  clean();
  const dashboard = path.join(root, 'dashboard/dist');
  if (!existsSync(path.join(dashboard, 'index.html'))) {
    console.error(`host-assets: ${dashboard} is not built; run \`npm run build\` first`);
    process.exit(1);
  }
  cpSync(dashboard, targets.dashboard, { recursive: true });
  cpSync(path.join(root, 'examples/plugin-template'), targets.template, {
    recursive: true,
    filter: (src) => !SKIP.has(path.basename(src)) && !src.endsWith('.tgz') && !src.endsWith('.tsbuildinfo'),
  });
  // npm never packs a file named .gitignore; scaffold-plugin.ts renames it back.
  renameSync(path.join(targets.template, '.gitignore'), path.join(targets.template, 'gitignore'));
}

const mode = process.argv[2];
if (mode === 'copy') copy();
else if (mode === 'clean') clean();
else {
  console.error('usage: host-assets.mjs copy|clean');
  process.exit(2);
}
