// The workspace's packages as the release sees them: every workspace folder's package.json,
// read from the root's `workspaces` list, and the public ones in the order they must be
// published (a package after every workspace package it depends on).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** [{ dir, pkg }] for every workspace (`plugins/*` expanded), sorted by folder. */
export function workspacePackages(root = ROOT) {
  const found = [];
  for (const pattern of readJson(path.join(root, 'package.json')).workspaces) {
    const dirs = pattern.endsWith('/*')
      ? readdirSync(path.join(root, pattern.slice(0, -2)), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(pattern.slice(0, -2), e.name))
      : [pattern];
    for (const dir of dirs) {
      const file = path.join(root, dir, 'package.json');
      if (existsSync(file)) found.push({ dir, pkg: readJson(file) });
    }
  }
  return found.sort((a, b) => a.dir.localeCompare(b.dir));
}

const DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'];

/** The public packages, each after the workspace packages it depends on (throws on a cycle). */
export function publishOrder(packages = workspacePackages()) {
  const publicOnes = packages.filter((p) => !p.pkg.private);
  const byName = new Map(publicOnes.map((p) => [p.pkg.name, p]));
  const ordered = [];
  const state = new Map(); // name → 'visiting' | 'done'
  const visit = (p) => {
    if (state.get(p.pkg.name) === 'done') return;
    if (state.get(p.pkg.name) === 'visiting') throw new Error(`dependency cycle through ${p.pkg.name}`);
    state.set(p.pkg.name, 'visiting');
    for (const field of DEPENDENCY_FIELDS) {
      for (const dep of Object.keys(p.pkg[field] ?? {})) if (byName.has(dep)) visit(byName.get(dep));
    }
    state.set(p.pkg.name, 'done');
    ordered.push(p);
  };
  for (const p of publicOnes) visit(p);
  return ordered;
}
