// CPU and memory of a child process and everything it started, read from /proc (Linux only), so a
// case run in its own process (our host, a bare client, the Rust original) is measured the same way.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ; 100 on every Linux we run). */
const TICKS_PER_SECOND = 100;

export interface TreeSample {
  /** utime + stime of every live process in the tree (all threads, worker threads included), in seconds. */
  cpuSeconds: number;
  /** Sum of the processes' resident set sizes, in MiB. */
  rssMiB: number;
}

interface Stat {
  pid: number;
  ppid: number;
  ticks: number;
}

function readStat(pid: string): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: split after its last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
    return { pid: Number(pid), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined; // the process ended between readdir and read
  }
}

function rssMiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The root and its descendants, found through the ppid links of every process on the machine. */
function treeOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(stat.pid);
    children.set(stat.ppid, list);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

export function sampleTree(root: number): TreeSample {
  let ticks = 0;
  let rss = 0;
  for (const pid of treeOf(root)) {
    const stat = readStat(String(pid));
    if (!stat) continue;
    ticks += stat.ticks;
    rss += rssMiB(pid);
  }
  return { cpuSeconds: ticks / TICKS_PER_SECOND, rssMiB: rss };
}
