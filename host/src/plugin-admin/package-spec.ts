import { execFile } from 'node:child_process';
import { copyFile, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { MstreamError } from '@mstream/sdk';
import type { FilesRoot } from '../config/files-root.js';
import { runNpm } from './npm-command.js';

const execFileAsync = promisify(execFile);

/** What `plugins add` was given, resolved to something npm installs and the package name it yields. */
export interface ResolvedSpec {
  kind: 'registry' | 'tarball' | 'folder';
  /** The package name the install produces. */
  name: string;
  /** What to pass to `npm install`. */
  installSpec: string;
}

// npm's rules for names: lowercase, URL-safe, optionally scoped.
const NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** Where local specs are looked up: confined to a files root (the API), or relative to a cwd (the CLI). */
export interface SpecLocation {
  filesRoot?: FilesRoot;
  cwd?: string;
}

/**
 * Understands `name`, `name@version|range|tag`, `@scope/name@…`, a `.tgz` file and a package
 * folder. Tarballs are copied (and folders packed with `npm pack`, scripts off) into the plugin
 * folder's `tarballs/`, so the `file:` spec npm saves stays valid after the original is gone.
 * With a files root, a local spec outside it is MS_ERR_CONFIG_INVALID at `spec`, before any
 * file is read; registry names are not paths and stay allowed.
 */
export async function resolveSpec(spec: string, tarballs: string, { filesRoot, cwd = process.cwd() }: SpecLocation = {}): Promise<ResolvedSpec> {
  const trimmed = spec.trim();
  if (!trimmed) throw new MstreamError('MS_ERR_BAD_REQUEST', 'a plugin spec is required: a package name[@version], a .tgz file or a folder');
  if (/^(https?|git(\+\w+)?|github):/.test(trimmed)) {
    throw new MstreamError('MS_ERR_BAD_REQUEST', `"${trimmed}": URLs and git specs are not supported; use a package name[@version] from the registry, a .tgz file or a folder`);
  }
  const local = !looksLikePath(trimmed) ? trimmed : filesRoot ? filesRoot.resolve(trimmed, 'spec') : path.resolve(cwd, trimmed);
  const info = looksLikePath(trimmed) ? await stat(local).catch(() => undefined) : undefined;
  if (looksLikePath(trimmed) && !info) throw new MstreamError('MS_ERR_BAD_REQUEST', `"${trimmed}": no such file or folder`);
  if (info?.isDirectory()) {
    const pkg = await readJson(path.join(local, 'package.json'), `"${trimmed}" has no readable package.json`);
    const { stdout } = await runNpm(['pack', local, '--pack-destination', tarballs, '--ignore-scripts', '--json', '--loglevel=error'], tarballs, `npm pack ${trimmed}`);
    const file = (JSON.parse(stdout) as Array<{ filename: string }>)[0]?.filename;
    if (!file) throw new MstreamError('MS_ERR_PLUGIN_INVALID', `npm pack ${trimmed} produced no tarball`);
    return { kind: 'folder', name: checkName(pkg.name, trimmed), installSpec: path.join(tarballs, path.basename(file)) };
  }
  if (info?.isFile()) {
    const name = await tarballName(local);
    const copy = path.join(tarballs, path.basename(local));
    if (copy !== local) await copyFile(local, copy);
    return { kind: 'tarball', name, installSpec: copy };
  }
  const at = trimmed.indexOf('@', trimmed.startsWith('@') ? 1 : 0);
  const name = at > 0 ? trimmed.slice(0, at) : trimmed;
  return { kind: 'registry', name: checkName(name, trimmed), installSpec: trimmed };
}

function looksLikePath(spec: string): boolean {
  return spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('~') || /\.(tgz|tar\.gz)$/.test(spec) || spec.includes(path.sep + path.sep);
}

function checkName(name: unknown, spec: string): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new MstreamError('MS_ERR_BAD_REQUEST', `"${spec}" is not a valid npm package name[@version]`);
  }
  return name;
}

/** Reads `package/package.json` out of an npm tarball without unpacking it anywhere. */
async function tarballName(file: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync('tar', ['-xzOf', file, 'package/package.json'], { maxBuffer: 4 * 1024 * 1024 });
    return checkName((JSON.parse(stdout) as { name?: unknown }).name, file);
  } catch (error) {
    if (error instanceof MstreamError) throw error;
    throw new MstreamError('MS_ERR_PLUGIN_INVALID', `${file} is not an npm package tarball (no package/package.json): ${(error as Error).message}`);
  }
}

async function readJson(file: string, problem: string): Promise<{ name?: unknown }> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as { name?: unknown };
  } catch {
    throw new MstreamError('MS_ERR_PLUGIN_INVALID', problem);
  }
}
