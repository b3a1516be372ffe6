import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';

// Deeper than any sane setup, shallow enough to stop a symlink loop at once.
const MAX_LINKS = 40;

/**
 * Where an absolute path really leads once every symbolic link is followed, even when its end
 * does not exist yet: the real path of the deepest existing ancestor plus the missing segments.
 * A dangling link is followed to its target too, so `mkdir -p` under it cannot land elsewhere
 * than what is checked. Synchronous, because config validation is (a handful of paths per
 * config). Throws on a symlink loop.
 */
export function realPathOf(absolute: string, links = 0): string {
  if (links > MAX_LINKS) throw new Error(`too many symbolic links under ${absolute}`);
  const missing: string[] = [];
  let current = path.resolve(absolute);
  for (;;) {
    try {
      return path.join(realpathSync.native(current), ...missing);
    } catch {
      // Not there (or not reachable): the ancestor decides, unless this is a dangling link.
    }
    const target = linkTarget(current);
    if (target !== undefined) {
      const parent = realPathOf(path.dirname(current), links + 1);
      return realPathOf(path.join(path.resolve(parent, target), ...missing), links + 1);
    }
    const parent = path.dirname(current);
    if (parent === current) return path.join(current, ...missing);
    missing.unshift(path.basename(current));
    current = parent;
  }
}

function linkTarget(file: string): string | undefined {
  try {
    return lstatSync(file).isSymbolicLink() ? readlinkSync(file) : undefined;
  } catch {
    return undefined;
  }
}

/** True when `child` is `parent` or lies below it (both absolute and normalised). */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
