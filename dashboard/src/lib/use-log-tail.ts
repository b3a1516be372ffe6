import { onBeforeUnmount, ref, shallowRef, triggerRef, watch, type Ref } from 'vue';
import { followLogs, type LogStreamFilters } from '../api/log-stream';
import type { LogEntry } from '../api/types';

const MAX_LINES = 1000;

/**
 * A live log tail for a component: reconnects the stream when the filters change; while paused,
 * new entries are counted but held back so the lines being read stay put.
 */
export function useLogTail(filters: Ref<LogStreamFilters>, paused: Ref<boolean>) {
  const lines = shallowRef<LogEntry[]>([]);
  const held: LogEntry[] = [];
  const heldCount = ref(0);
  const status = ref('connecting');
  let stop: (() => void) | undefined;

  const push = (entry: LogEntry) => {
    if (paused.value) {
      held.push(entry);
      heldCount.value = held.length;
      return;
    }
    lines.value.push(entry);
    if (lines.value.length > MAX_LINES) lines.value.splice(0, lines.value.length - MAX_LINES);
    triggerRef(lines);
  };

  watch(
    filters,
    (f) => {
      stop?.();
      lines.value = [];
      held.length = 0;
      heldCount.value = 0;
      status.value = 'connecting';
      stop = followLogs(f, push, (s) => (status.value = s));
    },
    { immediate: true, deep: true },
  );
  watch(paused, (p) => {
    if (p) return;
    for (const e of held.splice(0)) push(e);
    heldCount.value = 0;
  });
  onBeforeUnmount(() => stop?.());
  const clear = () => {
    lines.value = [];
  };
  return { lines, heldCount, status, clear };
}
