import type { Logger } from '../logger.js';

/** One line a {@link createQuietLogger} logger received. @public */
export interface LogRecord {
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  msg?: string;
  fields: Record<string, unknown>;
}

/** A logger that writes nothing and keeps every line, so a test can assert on what was logged. @public */
export interface QuietLogger extends Logger {
  /** Lines logged through this logger and all its children, oldest first. */
  readonly records: LogRecord[];
}

/**
 * Creates a {@link QuietLogger}. Children share the parent's `records` and merge their bindings
 * into each line's `fields`. Not thread-safe in any interesting sense: Node runs one at a time.
 * @public
 */
export function createQuietLogger(bindings: Record<string, unknown> = {}, records: LogRecord[] = []): QuietLogger {
  const log = (level: LogRecord['level']) => (obj: object | string, msg?: string) => {
    if (typeof obj === 'string') records.push({ level, msg: obj, fields: { ...bindings } });
    else records.push({ level, msg, fields: { ...bindings, ...obj } });
  };
  return {
    records,
    trace: log('trace'),
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (more) => createQuietLogger({ ...bindings, ...more }, records),
  };
}
