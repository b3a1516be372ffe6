#!/usr/bin/env node
// Assembles what the container image runs, in OUT (the Dockerfile's build stage calls it after
// `npm run build` and copies OUT to /app). Each public workspace package goes in as `npm pack`
// would publish it: only its `files`, the host with the dashboard and plugin template inside (its
// prepack step). They keep the workspace layout so that `npm ci --omit=dev` installs exactly the
// lockfile's production dependencies beside them: no sources of the dashboard, no tests, no
// TypeScript or Vite in the image.
//   node deploy/docker/runtime-tree.mjs OUT
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, workspacePackages } from '../../scripts/release/packages.mjs';

if (process.argv.length !== 3) {
  console.error('usage: node deploy/docker/runtime-tree.mjs OUT');
  process.exit(2);
}
const out = path.resolve(process.argv[2]);
if (existsSync(out)) {
  // Never merge into an old tree: a file a package no longer ships would survive.
  console.error(`runtime-tree: ${out} exists; remove it first`);
  process.exit(2);
}
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });

mkdirSync(out, { recursive: true });
for (const file of ['package.json', 'package-lock.json']) copyFileSync(path.join(ROOT, file), path.join(out, file));
const packages = workspacePackages();
const packed = mkdtempSync(path.join(os.tmpdir(), 'mstream-packed-'));
try {
  const published = packages.filter((p) => !p.pkg.private);
  run('npm', ['pack', '--pack-destination', packed, '--loglevel=error', ...published.flatMap((p) => ['--workspace', p.dir])], ROOT);
  for (const { dir, pkg } of packages) {
    const target = path.join(out, dir);
    mkdirSync(target, { recursive: true });
    if (pkg.private) {
      // The dashboard ships inside the host package; its manifest stays so the lockfile's
      // workspaces all exist for `npm ci`.
      copyFileSync(path.join(ROOT, dir, 'package.json'), path.join(target, 'package.json'));
      continue;
    }
    // npm names a tarball <name without @, / as ->-<version>.tgz.
    const tarball = path.join(packed, `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`);
    run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], ROOT);
  }
} finally {
  rmSync(packed, { recursive: true, force: true });
}
// No install script is needed at run time (the only production one, protobufjs's postinstall,
// just prints version advice), and skipping them keeps the install free of surprises.
run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], out);
