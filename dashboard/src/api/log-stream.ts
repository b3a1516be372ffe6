import { authHeaders, query } from './http';
import type { LogEntry } from './types';

export interface LogStreamFilters {
  job_name?: string;
  level?: string;
  search?: string;
}

/**
 * Follows `GET /logs/stream` (server-sent events) with fetch() instead of EventSource, because
 * EventSource cannot send the Authorization header a token-protected host needs. Reconnects after
 * a drop; returns a function that stops it.
 */
export function followLogs(filters: LogStreamFilters, onEntry: (entry: LogEntry) => void, onStatus: (status: 'live' | 'reconnecting' | string) => void, initial = 200): () => void {
  const controller = new AbortController();
  let stopped = false;
  const url = `/logs/stream${query({ ...filters, initial })}`;

  const run = async (first: boolean) => {
    try {
      const res = await fetch(first ? url : `/logs/stream${query({ ...filters, initial: 0 })}`, { headers: { Accept: 'text/event-stream', ...authHeaders() }, signal: controller.signal });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => ({}))) as { message?: string };
        onStatus(body.message ?? `log stream failed: HTTP ${res.status}`);
        return; // a 4xx will not fix itself by retrying
      }
      onStatus('live');
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = frame.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
          if (data) {
            try {
              onEntry(JSON.parse(data) as LogEntry);
            } catch {
              // a frame that is not JSON is skipped, not fatal
            }
          }
        }
      }
    } catch (error) {
      if (stopped) return;
      onStatus(`reconnecting (${(error as Error).message})`);
    }
    if (!stopped) {
      onStatus('reconnecting');
      setTimeout(() => !stopped && void run(false), 2000);
    }
  };
  void run(true);
  return () => {
    stopped = true;
    controller.abort();
  };
}
