/**
 * A structured logger (pino-compatible). Pass an object of fields first to tag a line, e.g.
 * `logger.info({ topic }, 'subscribed')`. Never pass secrets or whole service configs.
 * @public
 */
export interface Logger {
  trace(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  /** A logger whose lines all carry `bindings`. */
  child(bindings: Record<string, unknown>): Logger;
}
