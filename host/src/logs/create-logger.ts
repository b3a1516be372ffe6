import { pino, type Logger as PinoLogger } from 'pino';
import { Writable } from 'node:stream';
import { LEVELS, type LogBuffer, type LogEntry, type LogLevelName } from './log-buffer.js';

const LEVEL_NAMES = Object.fromEntries(Object.entries(LEVELS).map(([name, n]) => [n, name])) as Record<number, LogLevelName>;

/** Values that must never reach a log line (service secrets); shared with the service manager. */
export class SecretScrubber {
  private readonly secrets = new Set<string>();
  private pattern?: RegExp;

  add(values: string[]): void {
    let changed = false;
    for (const value of values) if (value && !this.secrets.has(value)) (this.secrets.add(value), (changed = true));
    if (changed) {
      const escaped = [...this.secrets].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      this.pattern = new RegExp(escaped.join('|'), 'g');
    }
  }

  scrub(text: string): string {
    return this.pattern ? text.replace(this.pattern, '****') : text;
  }
}

export interface LoggerOptions {
  level?: string;
  /** Write JSON lines to stdout too (off in tests). */
  stdout?: boolean;
}

/**
 * One pino logger for the host. Every line is scrubbed of known secrets, then written to stdout
 * and kept in the ring buffer that `/logs` serves.
 */
export function createLogger(buffer: LogBuffer, scrubber: SecretScrubber, options: LoggerOptions = {}): PinoLogger {
  const stdout = options.stdout ?? true;
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const line = scrubber.scrub(chunk.toString('utf8'));
      if (stdout) process.stdout.write(line);
      try {
        buffer.push(toEntry(JSON.parse(line) as Record<string, unknown>));
      } catch {
        // a line pino produced that is not JSON cannot happen; never let logging throw
      }
      done();
    },
  });
  const level = (options.level ?? process.env.MSTREAM_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'info').toLowerCase();
  return pino({ level: level in LEVELS ? level : 'info', base: { target: 'host' }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}

function toEntry(raw: Record<string, unknown>): LogEntry {
  const { level, time, msg, target, job, job_name, pid: _pid, hostname: _hostname, ...rest } = raw;
  return {
    ...rest,
    timestamp: typeof time === 'string' ? time : new Date().toISOString(),
    level: LEVEL_NAMES[Number(level)] ?? 'info',
    message: typeof msg === 'string' ? msg : '',
    target: typeof target === 'string' ? target : 'host',
    ...(job_name ?? job ? { job_name: String(job_name ?? job) } : {}),
  };
}
