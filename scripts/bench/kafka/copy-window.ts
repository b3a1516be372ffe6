// Measures one Kafka copy from the outside: how fast messages appear in the output topic, and what
// the copying process tree spent meanwhile. The same meter serves every case (our host, a bare
// client, the Rust original), so no case reports its own numbers.
import type { Admin } from 'kafkajs';
import { sampleTree, type TreeSample } from '../process-tree.js';

export interface CopyWindow {
  messages: number;
  seconds: number;
  messagesPerSecond: number;
  /** CPU seconds of the process tree per 100,000 messages, over the copy window. */
  cpuPer100k: number;
  /** Highest sampled RSS of the process tree from spawn to the window's end, in MiB. */
  peakRssMiB: number;
  /** Whether the whole input arrived (false: the copy stalled or the time was up). */
  complete: boolean;
  /** Messages already copied when the window opened (what `ready` waited through beyond startAfter). */
  copiedBefore: number;
  /** Seconds from the start of metering to the window's opening. */
  openedAfterSeconds: number;
}

interface Point {
  at: number;
  copied: number;
  tree: TreeSample;
}

const SAMPLE_MS = 100;

export async function outputCount(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high), 0);
}

/**
 * Samples until `expected` messages are in `topic`, the copy stalls for `stallMs`, the process
 * exits or `timeoutMs` passes. The window opens at the first sample holding at least `startAfter`
 * messages (so connecting and the group join are not counted: steady state) and closes at the first
 * sample holding them all (or the last one that made progress). With `ready`, the window opens
 * only at a sample where it also answers true (e.g. the consumer group is stable).
 */
export async function meterCopy(options: {
  admin: Admin;
  topic: string;
  pid: number;
  expected: number;
  startAfter: number;
  timeoutMs: number;
  stallMs?: number;
  alive: () => boolean;
  ready?: () => Promise<boolean>;
}): Promise<CopyWindow> {
  const { admin, topic, pid, expected, startAfter, timeoutMs, alive } = options;
  const stallMs = options.stallMs ?? 5000;
  const started = performance.now();
  let peakRss = 0;
  let first: Point | undefined;
  let last: Point | undefined;
  let lastProgressAt = started;
  while (performance.now() - started < timeoutMs && alive()) {
    const copied = await outputCount(admin, topic).catch(() => last?.copied ?? 0);
    const point: Point = { at: performance.now(), copied, tree: sampleTree(pid) };
    peakRss = Math.max(peakRss, point.tree.rssMiB);
    if (!first && copied >= startAfter && (!options.ready || (await options.ready().catch(() => false)))) first = point;
    if (!last || copied > last.copied) {
      last = point;
      lastProgressAt = point.at;
    }
    if (copied >= expected) break;
    if (first && point.at - lastProgressAt > stallMs) break;
    await new Promise((r) => setTimeout(r, SAMPLE_MS));
  }
  if (!first || !last || last.copied <= first.copied) {
    return { messages: last?.copied ?? 0, seconds: 0, messagesPerSecond: 0, cpuPer100k: 0, peakRssMiB: peakRss, complete: false, copiedBefore: first?.copied ?? 0, openedAfterSeconds: 0 };
  }
  const messages = last.copied - first.copied;
  const seconds = (last.at - first.at) / 1000;
  return {
    messages,
    seconds,
    messagesPerSecond: messages / seconds,
    cpuPer100k: ((last.tree.cpuSeconds - first.tree.cpuSeconds) / messages) * 100_000,
    peakRssMiB: peakRss,
    complete: last.copied >= expected,
    copiedBefore: first.copied,
    openedAfterSeconds: (first.at - started) / 1000,
  };
}
