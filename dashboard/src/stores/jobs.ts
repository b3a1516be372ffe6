import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { api } from '../api/endpoints';
import type { ApiError } from '../api/http';
import type { Connector, Job, JobMetrics } from '../api/types';
import type { TimePoint } from '../lib/chart-path';
import { toApiError } from '../lib/use-async';

/** Samples kept per job for sparklines and charts: the longest chart window (1 h) at one refresh per second. */
const HISTORY_MS = 60 * 60_000;
const HISTORY_MAX = 4000;

export interface Sample {
  at: number;
  throughput: number;
  lag: number;
  events: number;
  errors: number;
  /** Bytes per second since the previous sample (0 for the first). */
  bytesRate: number;
  bytes: number;
}

/** Jobs, their latest metrics, and a short metrics history per job, refreshed by polling. */
export const useJobsStore = defineStore('jobs', () => {
  const jobs = shallowRef<Job[]>();
  const metrics = ref<Record<string, JobMetrics>>({});
  const history = ref<Record<string, Sample[]>>({});
  const error = ref<ApiError>();
  const loading = ref(false);

  function record(name: string, m: JobMetrics): void {
    metrics.value[name] = m;
    const list = history.value[name] ?? (history.value[name] = []);
    const at = Date.now();
    const prev = list.at(-1);
    const dt = prev ? (at - prev.at) / 1000 : 0;
    const bytesRate = prev && dt > 0 ? Math.max(0, m.bytes_processed - prev.bytes) / dt : 0;
    list.push({ at, throughput: m.throughput_per_second, lag: m.current_lag_seconds, events: m.events_processed, errors: m.total_errors, bytes: m.bytes_processed, bytesRate });
    const old = list.findIndex((s) => s.at >= at - HISTORY_MS);
    if (old > 0) list.splice(0, old);
    if (list.length > HISTORY_MAX) list.splice(0, list.length - HISTORY_MAX);
  }

  /** Refreshes the list and every job's metrics (stopped jobs report zeros, cheaply). */
  async function refresh(): Promise<void> {
    loading.value = jobs.value === undefined;
    try {
      const list = await api.jobs();
      jobs.value = list;
      const results = await Promise.allSettled(list.map((j) => api.jobMetrics(j.name)));
      results.forEach((r, i) => r.status === 'fulfilled' && record(list[i].name, r.value));
      for (const name of Object.keys(history.value)) if (!list.some((j) => j.name === name)) delete history.value[name];
      error.value = undefined;
    } catch (e) {
      error.value = toApiError(e);
    } finally {
      loading.value = false;
    }
  }

  async function refreshOne(name: string): Promise<Job> {
    const [job, m] = await Promise.all([api.job(name), api.jobMetrics(name)]);
    record(name, m);
    if (jobs.value) jobs.value = jobs.value.map((j) => (j.name === name ? job : j));
    return job;
  }

  async function create(def: Connector): Promise<Job> {
    const res = await api.createJob(def);
    await refresh();
    return res.item;
  }

  async function act(name: string, action: 'stop' | 'restart' | 'delete'): Promise<string> {
    const res = action === 'stop' ? await api.stopJob(name) : action === 'restart' ? await api.restartJob(name) : await api.deleteJob(name);
    await refresh();
    return res.message;
  }

  /** One metric of a job's history as time-stamped points, for the charts. */
  function series(name: string, pick: (s: Sample) => number): TimePoint[] {
    return (history.value[name] ?? []).map((s) => ({ at: s.at, value: pick(s) }));
  }

  return { jobs, metrics, history, error, loading, refresh, refreshOne, create, act, series };
});
