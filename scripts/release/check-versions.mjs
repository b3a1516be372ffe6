#!/usr/bin/env node
// All mstream packages share one version: the host, the SDK, every bundled plugin and the
// `mstream` package are released together, and `mstream --version` reports them side by side.
// This checks that nothing disagrees: every workspace package.json (and the root's), every pin
// of one workspace package on another, the SDK_VERSION constant, the plugins' definePlugin()
// versions and their SDK ranges. Exit code 1 with one line per problem.
//   node scripts/release/check-versions.mjs   (npm run check:versions; the release runs it first)
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { readJson, ROOT, workspacePackages } from './packages.mjs';

const FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/** The problems found, empty when every version agrees with the root's. */
export function versionProblems(root = ROOT) {
  const version = readJson(path.join(root, 'package.json')).version;
  const packages = workspacePackages(root);
  const names = new Set(packages.map((p) => p.pkg.name));
  const problems = [];
  for (const { dir, pkg } of packages) {
    if (pkg.version !== version) problems.push(`${dir}/package.json: version ${pkg.version}, expected ${version}`);
    for (const field of FIELDS) {
      for (const [dep, spec] of Object.entries(pkg[field] ?? {})) {
        if (!names.has(dep)) continue;
        // Runtime pins are exact so a release installs exactly its own set; peer ranges must admit it.
        const ok = field === 'peerDependencies' ? semver.satisfies(version, spec) : spec === version;
        if (!ok) problems.push(`${dir}/package.json: ${field}.${dep} is "${spec}", expected ${field === 'peerDependencies' ? `a range including ${version}` : `"${version}"`}`);
      }
    }
  }
  const sdkVersion = /SDK_VERSION = '([^']+)'/.exec(readFileSync(path.join(root, 'sdk/src/version.ts'), 'utf8'))?.[1];
  if (sdkVersion !== version) problems.push(`sdk/src/version.ts: SDK_VERSION is ${sdkVersion}, expected ${version}`);
  for (const { dir, pkg } of packages) {
    if (pkg.mstream?.role !== 'connector-plugin') continue;
    // A lazy plugin declares its version twice: the entry (defineLazyPlugin) and plugin.ts (definePlugin).
    for (const file of ['src/index.ts', 'src/plugin.ts']) {
      if (file !== 'src/index.ts' && !existsSync(path.join(root, dir, file))) continue;
      const source = readFileSync(path.join(root, dir, file), 'utf8');
      const declared = /\bversion: '([^']+)'/.exec(source)?.[1];
      const sdkRange = /\bsdk: '([^']+)'/.exec(source)?.[1];
      if (declared !== version) problems.push(`${dir}/${file}: plugin version ${declared}, expected ${version}`);
      if (!sdkRange || !semver.satisfies(version, sdkRange)) problems.push(`${dir}/${file}: sdk range ${sdkRange} does not include ${version}`);
    }
  }
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const problems = versionProblems();
  for (const problem of problems) console.error(problem);
  if (problems.length) process.exit(1);
  console.log(`versions agree: ${readJson(path.join(ROOT, 'package.json')).version}`);
}
