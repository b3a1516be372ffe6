import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The host package's own folder: `host/` of a checkout, or `…/node_modules/@mstream/host` when installed. */
export const HOST_PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the plugins that ship with the host are looked for (see DiscoveryRoots). */
export interface BundledRoots {
  /** `<repo>/plugins`, only when the host runs from a source checkout. */
  workspacePlugins?: string;
  /** Every `node_modules` folder the host's own imports would be resolved from, nearest first. */
  nodeModules: string[];
}

/**
 * The folders holding plugins installed next to the host, whichever way it was installed: a
 * source checkout (`<repo>/plugins` and `<repo>/node_modules`), the `mstream` package
 * (`…/mstream/node_modules/@mstream/plugin-*`), a project's dependencies or a global prefix
 * (`<prefix>/lib/node_modules`). These are the folders Node searches for the host's own
 * imports, so a plugin is found exactly when it could be imported by the host's side.
 */
export function bundledPluginRoots(hostRoot = HOST_PACKAGE_ROOT): BundledRoots {
  const parent = path.dirname(hostRoot);
  return {
    workspacePlugins: isWorkspaceRoot(parent) ? path.join(parent, 'plugins') : undefined,
    nodeModules: nodeModulesAbove(hostRoot).filter((dir) => existsSync(dir)),
  };
}

/** `<dir>/node_modules`, `<dir>/../node_modules`, … up to the filesystem root, like Node's lookup. */
export function nodeModulesAbove(dir: string): string[] {
  const found: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    // A folder inside node_modules has no node_modules of its own to search besides nested ones.
    if (path.basename(current) !== 'node_modules') found.push(path.join(current, 'node_modules'));
    if (path.dirname(current) === current) return found;
  }
}

/** True for the repository root: a package.json with `workspaces` (an installed layout has none there). */
function isWorkspaceRoot(dir: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { workspaces?: unknown };
    return Array.isArray(pkg.workspaces);
  } catch {
    return false;
  }
}
