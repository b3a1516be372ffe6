import { computed, ref, watch } from 'vue';
import { CHART_WINDOWS, type ChartWindowId } from './time-axis';

// The chart window (last 5 min / 1 h) shared by every chart, remembered across visits.
const KEY = 'mstream.chartWindow';
const stored = (() => {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
})();
const windowId = ref<ChartWindowId>(CHART_WINDOWS.some((w) => w.id === stored) ? (stored as ChartWindowId) : '5m');
watch(windowId, (id) => {
  try {
    localStorage.setItem(KEY, id);
  } catch {
    // private mode: the choice lasts for this page only
  }
});

export function useChartWindow() {
  const ms = computed(() => CHART_WINDOWS.find((w) => w.id === windowId.value)!.ms);
  return { windowId, ms };
}
