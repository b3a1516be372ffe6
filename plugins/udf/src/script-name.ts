import { ConfigValidationError } from '@mstream/sdk';

const SCRIPT_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.js$/;

/** True when `name` is a single path component ending in `.js`: no slashes, no `..`, no hidden files. */
export function isScriptName(name: string): boolean {
  return SCRIPT_NAME.test(name) && !name.includes('..') && name.length <= 200;
}

/** Throws a ConfigValidationError naming the bad file name and where it was given. */
export function assertScriptName(name: string, path: string): void {
  if (!isScriptName(name)) {
    throw new ConfigValidationError([
      { path, message: `invalid script file name "${name}": use a single file name ending in .js (letters, digits, "_", "-", "."; no "/" or "..")` },
    ]);
  }
}
