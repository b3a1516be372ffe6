import path from 'node:path';
import type { PackageJson } from './find-plugin-packages.js';

/**
 * The export conditions this process runs with. Development and tests add `mstream-source`
 * (`node --conditions=mstream-source`) so workspace plugins load from their TypeScript sources;
 * production loads the built `default` entry.
 */
export function activeConditions(execArgv = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): string[] {
  const args = [...execArgv, ...nodeOptions.split(/\s+/)];
  const conditions: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith('--conditions=')) conditions.push(arg.slice('--conditions='.length));
    else if ((arg === '--conditions' || arg === '-C') && args[i + 1]) conditions.push(args[++i]);
  }
  return [...conditions, 'import', 'node', 'default'];
}

/**
 * Resolves the file a plugin package exports as ".", honouring `exports` conditions in the
 * order the package lists them, as Node does; falls back to `mstream.entry`, `main`, index.js.
 */
export function resolvePluginEntry(dir: string, pkg: PackageJson, conditions = activeConditions()): string {
  const fromExports = pickExport(rootExport(pkg.exports), new Set(conditions));
  const relative = fromExports ?? pkg.mstream?.entry ?? pkg.main ?? 'index.js';
  return path.resolve(dir, relative);
}

function rootExport(exports: unknown): unknown {
  if (typeof exports === 'string' || Array.isArray(exports)) return exports;
  if (exports && typeof exports === 'object') {
    const map = exports as Record<string, unknown>;
    const keys = Object.keys(map);
    if (keys.some((k) => k.startsWith('.'))) return map['.'];
    return map; // a conditions object for the root
  }
  return undefined;
}

function pickExport(target: unknown, conditions: Set<string>): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const item of target) {
      const picked = pickExport(item, conditions);
      if (picked) return picked;
    }
    return undefined;
  }
  if (target && typeof target === 'object') {
    for (const [condition, value] of Object.entries(target)) {
      if (conditions.has(condition)) {
        const picked = pickExport(value, conditions);
        if (picked) return picked;
      }
    }
  }
  return undefined;
}
