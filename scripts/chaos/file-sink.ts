import { readFile } from 'node:fs/promises';

/** What a JSON-lines file sink holds: every id in write order (repeats kept), and the lines a kill tore. */
export interface SinkCount {
  lines: number;
  ids: string[];
  torn: number;
}

/**
 * Reads a file sink's JSON-lines file and takes `field` (a string) of every line. A kill can tear
 * the last line, and the restarted host appends to it: such a line is counted as torn, and the
 * intact record glued to its end (which starts with `{"<field>"`) is recovered.
 */
export async function readSink(file: string, field = '_id'): Promise<SinkCount> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const ids: string[] = [];
  const marker = `{"${field}"`;
  let torn = 0;
  let lines = 0;
  for (const line of text.split('\n')) {
    if (!line) continue;
    lines++;
    try {
      ids.push(String((JSON.parse(line) as Record<string, unknown>)[field]));
    } catch {
      torn++;
      const at = line.lastIndexOf(marker);
      if (at > 0) {
        try {
          ids.push(String((JSON.parse(line.slice(at)) as Record<string, unknown>)[field]));
        } catch {
          // a torn last line with nothing after it
        }
      }
    }
  }
  return { lines, ids, torn };
}

/** The sink's ids against the ids that had to arrive: lost (expected, absent), foreign (present, never sent), duplicates (repeats). */
export function tally(ids: string[], expected: Set<string>): { unique: number; total: number; lost: number; foreign: number; duplicates: number } {
  const distinct = new Set(ids);
  let lost = 0;
  for (const id of expected) if (!distinct.has(id)) lost++;
  let foreign = 0;
  for (const id of distinct) if (!expected.has(id)) foreign++;
  return { unique: distinct.size, total: ids.length, lost, foreign, duplicates: ids.length - distinct.size };
}
