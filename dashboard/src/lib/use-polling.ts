import { onMounted, onBeforeUnmount } from 'vue';

/**
 * Calls `tick` now and every `ms` while the component is mounted. Skips ticks while the tab is
 * hidden (no point refreshing what no one sees) and never overlaps two calls.
 */
export function usePolling(tick: () => Promise<unknown> | unknown, ms: number): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const loop = async () => {
    if (stopped) return;
    if (document.visibilityState !== 'hidden') {
      try {
        await tick();
      } catch {
        // the tick shows its own error state
      }
    }
    if (!stopped) timer = setTimeout(loop, ms);
  };
  onMounted(() => void loop());
  onBeforeUnmount(() => {
    stopped = true;
    clearTimeout(timer);
  });
}
