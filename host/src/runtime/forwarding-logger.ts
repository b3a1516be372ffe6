import type { Logger } from '@mstream/sdk';
import type { FromTask, LogLevel } from './task-messages.js';

const LEVELS: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50 };

/**
 * A task worker's logger: each line goes to the parent thread, which writes it with the host's
 * logger (scrubbed of secrets, kept for `GET /logs`). Lines below the host's level are dropped
 * here, so a quiet host pays no message per debug line.
 */
export class ForwardingLogger implements Logger {
  private constructor(
    private readonly send: (message: FromTask) => void,
    private readonly threshold: number,
    private readonly bindings: Record<string, unknown>,
  ) {}

  /** `level`: the host logger's level name (info when unknown). */
  static create(send: (message: FromTask) => void, level: string): ForwardingLogger {
    return new ForwardingLogger(send, LEVELS[level as LogLevel] ?? LEVELS.info, {});
  }

  trace(obj: object | string, msg?: string): void {
    this.write('trace', obj, msg);
  }
  debug(obj: object | string, msg?: string): void {
    this.write('debug', obj, msg);
  }
  info(obj: object | string, msg?: string): void {
    this.write('info', obj, msg);
  }
  warn(obj: object | string, msg?: string): void {
    this.write('warn', obj, msg);
  }
  error(obj: object | string, msg?: string): void {
    this.write('error', obj, msg);
  }

  child(bindings: Record<string, unknown>): Logger {
    return new ForwardingLogger(this.send, this.threshold, { ...this.bindings, ...bindings });
  }

  private write(level: LogLevel, obj: object | string, msg?: string): void {
    if (LEVELS[level] < this.threshold) return;
    const fields = typeof obj === 'string' ? {} : obj;
    const text = typeof obj === 'string' ? obj : msg;
    try {
      this.send({ type: 'log', level, bindings: this.bindings, obj: fields, msg: text });
    } catch {
      // A field that cannot cross threads (a function, a socket): send what JSON keeps of it.
      this.send({ type: 'log', level, bindings: jsonSafe(this.bindings), obj: jsonSafe(fields), msg: text });
    }
  }
}

function jsonSafe(value: object): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Record<string, unknown>;
  } catch {
    return { unloggable: true };
  }
}
