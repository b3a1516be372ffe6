import { authHeaders, query, seg } from './http';
import type { TapEvent } from './types';

export interface TapOptions {
  /** Events per request; the tap ends after them and is opened again (default 100). */
  limit?: number;
  /** At most this many events per second (default 20): the host drops the rest. */
  rate?: number;
}

/**
 * Follows `GET /jobs/{name}/tap` (server-sent events) with fetch() rather than EventSource, which
 * cannot send the Authorization header (as followLogs does). The host ends a tap after `limit`
 * events: it is opened again at once; when the job stops or is not running it is retried every
 * few seconds. Returns a function that stops it.
 */
export function followTap(job: string, stage: string, options: TapOptions, onEvent: (event: TapEvent) => void, onStatus: (status: string) => void): () => void {
  const controller = new AbortController();
  let stopped = false;
  const url = `/jobs/${seg(job)}/tap${query({ stage, limit: options.limit ?? 100, rate: options.rate ?? 20 })}`;

  const again = (ms: number) => {
    if (!stopped) setTimeout(() => !stopped && void run(), ms);
  };
  const run = async () => {
    let reason = '';
    try {
      const res = await fetch(url, { headers: { Accept: 'text/event-stream', ...authHeaders() }, signal: controller.signal });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => ({}))) as { message?: string };
        onStatus(body.message ?? `tap failed: HTTP ${res.status}`);
        // A stopped job may start again; a bad stage or a missing role will not fix itself.
        if (res.status === 409) again(3000);
        return;
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
          const lines = frame.split('\n');
          const event = lines.find((l) => l.startsWith('event:'))?.slice(6).trim() ?? 'message';
          const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
          if (!data) continue;
          try {
            const parsed = JSON.parse(data) as unknown;
            if (event === 'end') reason = (parsed as { reason?: string }).reason ?? 'ended';
            else onEvent(parsed as TapEvent);
          } catch {
            // a frame that is not JSON is skipped, not fatal
          }
        }
      }
    } catch (error) {
      if (stopped) return;
      onStatus(`reconnecting (${(error as Error).message})`);
      return again(2000);
    }
    if (reason === 'limit') return again(0);
    onStatus(reason === 'job stopped' ? 'job stopped' : 'reconnecting');
    again(3000);
  };
  onStatus('connecting');
  void run();
  return () => {
    stopped = true;
    controller.abort();
  };
}
