import path from 'node:path';
import { ConfigValidationError, type ConfigIssue } from '@mstream/sdk';
import { isHostStateEntry } from './data-dir-layout.js';
import { isInside, realPathOf } from './real-path.js';

/** The environment variable that moves (usually: widens) the files root. */
export const FILES_ROOT_ENV = 'MSTREAM_FILES_ROOT';

/** A path option resolved inside the root, or why it is refused. */
export type Confined = { path: string } | { problem: string };

/**
 * The one folder every path in plugin options (`x-path`) and in `schemas[].file` must stay
 * inside, so a config sent over the API cannot make the host read or write `/etc` or `~`.
 * Relative paths resolve against the root, never against the host's working directory. A path
 * is accepted when it leads inside the root (the root itself included) after `..` and after
 * every symbolic link, including links above a folder that does not exist yet; it is then
 * replaced by that real absolute path, so what the plugin opens is what was checked.
 *
 * When the data folder is inside the root (the default: the root *is* the data folder), the
 * data folder itself and the host's own entries in it (data-dir-layout.ts) are refused too.
 */
export class FilesRoot {
  /** The root as configured, absolute (what messages show). */
  readonly root: string;
  /** The data folder refused inside the root (see the class comment); a task worker rebuilds the root from both. */
  readonly dataDir?: string;

  constructor(root: string, { dataDir }: { dataDir?: string } = {}) {
    this.root = path.resolve(root);
    this.dataDir = dataDir === undefined ? undefined : path.resolve(dataDir);
  }

  /** `MSTREAM_FILES_ROOT` when set (relative to the working directory), else the data folder. */
  static forDataDir(dataDir: string, setting: string | undefined = process.env[FILES_ROOT_ENV]): FilesRoot {
    return new FilesRoot(setting ? path.resolve(setting) : dataDir, { dataDir });
  }

  /** Resolves `value` against the root; the real absolute path, or a sentence saying why not. */
  confine(value: string): Confined {
    const shown = JSON.stringify(value);
    if (value.includes('\0')) return { problem: `${shown} must not contain a NUL character` };
    const lexical = path.resolve(this.root, value);
    let real: string;
    let realRoot: string;
    try {
      // Both resolved now, not at construction: the root may be created (or replaced) later.
      real = realPathOf(lexical);
      realRoot = realPathOf(this.root);
    } catch (error) {
      return { problem: `${shown} cannot be resolved: ${(error as Error).message}` };
    }
    if (!isInside(realRoot, real)) {
      const how = isInside(this.root, lexical) ? ' through a symbolic link' : '';
      return { problem: `${shown} is outside the files root ${this.root}${how} (set ${FILES_ROOT_ENV} to widen it)` };
    }
    const state = this.hostStateProblem(real, shown);
    return state ? { problem: state } : { path: real };
  }

  /** The issue for `field` when `value` is refused, else undefined; `set` receives the resolved path. */
  check(value: string, field: string, set: (resolved: string) => void): ConfigIssue | undefined {
    const confined = this.confine(value);
    if ('problem' in confined) return { path: field, message: confined.problem };
    set(confined.path);
    return undefined;
  }

  /** The resolved path, or MS_ERR_CONFIG_INVALID naming `field` (400 over the API). */
  resolve(value: string, field: string): string {
    const confined = this.confine(value);
    if ('problem' in confined) throw new ConfigValidationError([{ path: field, message: confined.problem }]);
    return confined.path;
  }

  private hostStateProblem(real: string, shown: string): string | undefined {
    if (this.dataDir === undefined) return undefined;
    const dataDir = realPathOf(this.dataDir);
    if (!isInside(dataDir, real)) return undefined;
    const entry = path.relative(dataDir, real).split(path.sep)[0];
    if (entry === '') return `${shown} is the host's data folder, which holds its key and stores; use a sub-folder such as "out"`;
    return isHostStateEntry(entry) ? `${shown} is inside the host's own state (${entry}) in its data folder; use a sub-folder of your own such as "out"` : undefined;
  }
}
