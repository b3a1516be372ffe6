import type { StreamEvent } from '@mstream/sdk';
import { stringifyFlat } from '../codecs/flat-json.js';

/** A stage of a job as the tap names it: `source`, `middleware:N`, `sink:N` (0-based). */
export type TapStage = { kind: 'source' } | { kind: 'middleware' | 'sink'; index: number };

/** One sampled event as `GET /jobs/{name}/tap` sends it (schema TapEvent). */
export interface TapEvent {
  stage: string;
  time: string;
  source_position: string | null;
  key: string | null;
  attributes: Record<string, string>;
  operation: string;
  encoding: string;
  schema_id: string | null;
  size: number;
  /** `json`: `payload` is the decoded document; `base64`: it could not be decoded, these are its bytes; `text`: JSON text cut at the limit. */
  payload_format: 'json' | 'base64' | 'text';
  payload: unknown;
  truncated: boolean;
  decode_error?: string;
}

/** Called synchronously from the pipeline with each batch at a tapped stage; must be cheap. */
export type TapListener = (events: StreamEvent[]) => void;

/** Decodes an event to its document the way the job's converter does (schemas included). */
export type TapDecoder = (event: StreamEvent) => unknown;

export const TAP_PAYLOAD_LIMIT = 64 * 1024;

const STAGE = /^(source|middleware:(\d+)|sink:(\d+))$/;

export function parseTapStage(text: string): TapStage | undefined {
  const m = STAGE.exec(text);
  if (!m) return undefined;
  if (m[1] === 'source') return { kind: 'source' };
  return m[2] !== undefined ? { kind: 'middleware', index: Number(m[2]) } : { kind: 'sink', index: Number(m[3]) };
}

export const tapStageName = (stage: TapStage): string => (stage.kind === 'source' ? 'source' : `${stage.kind}:${stage.index}`);

/**
 * The listeners of one job, per stage. The pipeline tests `listeners.length !== 0` before
 * anything else, so a job nobody taps pays one array-length check per batch and stage.
 * Listeners are replaced (copy on write), never mutated, so a batch in the middle of calling
 * them is not disturbed by a subscribe or unsubscribe.
 */
export class JobTaps {
  source: TapListener[] = [];
  readonly middlewares: TapListener[][];
  readonly sinks: TapListener[][];
  /** Set by the run once its converter exists; the source step's schema id describes raw avro. */
  decoder?: TapDecoder;
  sourceSchemaId?: string;
  private readonly closers = new Set<() => void>();

  constructor(middlewareCount: number, sinkCount: number) {
    this.middlewares = Array.from({ length: middlewareCount }, () => []);
    this.sinks = Array.from({ length: sinkCount }, () => []);
  }

  /** Whether the job has this stage (middleware and sink indexes in range). */
  has(stage: TapStage): boolean {
    if (stage.kind === 'source') return true;
    return stage.index < (stage.kind === 'middleware' ? this.middlewares.length : this.sinks.length);
  }

  /** Adds a listener; `onClose` runs when the job stops. Returns the unsubscribe function. */
  subscribe(stage: TapStage, listener: TapListener, onClose: () => void): () => void {
    const update = (change: (list: TapListener[]) => TapListener[]) => {
      if (stage.kind === 'source') this.source = change(this.source);
      else if (stage.kind === 'middleware') this.middlewares[stage.index] = change(this.middlewares[stage.index]);
      else this.sinks[stage.index] = change(this.sinks[stage.index]);
    };
    update((list) => [...list, listener]);
    this.closers.add(onClose);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.closers.delete(onClose);
      update((list) => list.filter((l) => l !== listener));
    };
  }

  /** The job stopped: every subscriber is told and dropped. */
  close(): void {
    const closers = [...this.closers];
    this.closers.clear();
    this.source = [];
    for (let i = 0; i < this.middlewares.length; i++) this.middlewares[i] = [];
    for (let i = 0; i < this.sinks.length; i++) this.sinks[i] = [];
    for (const close of closers) close();
  }

  /** A view of one event for the API, decoded with the job's schemas when it can be. */
  view(stage: string, event: StreamEvent, now = Date.now()): TapEvent {
    const base = {
      stage,
      time: new Date(now).toISOString(),
      source_position: event.position.byteLength ? text(event.position) : null,
      key: event.key === undefined ? null : typeof event.key === 'string' ? event.key : text(event.key),
      attributes: { ...(event.attributes ?? {}) },
      operation: event.operation,
      encoding: event.encoding,
      schema_id: event.schemaId ?? null,
      size: event.payload.byteLength,
    };
    let json: string;
    try {
      const decodable = stage === 'source' && event.encoding === 'avro' && !event.schemaId && this.sourceSchemaId ? { ...event, schemaId: this.sourceSchemaId } : event;
      if (!this.decoder) throw new Error('the job has no decoder yet');
      json = stringifyFlat(this.decoder(decodable));
    } catch (error) {
      const bytes = event.payload.byteLength > TAP_PAYLOAD_LIMIT ? event.payload.subarray(0, TAP_PAYLOAD_LIMIT) : event.payload;
      return { ...base, payload_format: 'base64', payload: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), truncated: bytes !== event.payload, decode_error: (error as Error).message };
    }
    if (json.length > TAP_PAYLOAD_LIMIT) return { ...base, payload_format: 'text', payload: json.slice(0, TAP_PAYLOAD_LIMIT), truncated: true };
    return { ...base, payload_format: 'json', payload: JSON.parse(json) as unknown, truncated: false };
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text when the bytes are printable text, else `base64:` and their base64. */
function text(bytes: Uint8Array): string {
  try {
    const s = utf8.decode(bytes);
    // eslint-disable-next-line no-control-regex
    if (!/[\u0000-\u0008\u000e-\u001f]/.test(s)) return s;
  } catch {
    // binary
  }
  return `base64:${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
}

/** Calls each listener with the batch; only ever called when `listeners` is not empty. */
export function emitTap(listeners: TapListener[], events: StreamEvent[]): void {
  if (events.length === 0) return;
  for (const listener of listeners) {
    try {
      listener(events);
    } catch {
      // a failing subscriber must never fail the job
    }
  }
}

/**
 * The subscriber side: takes at most `rate` events per second (fixed one-second windows; the
 * excess is dropped, the job never waits) until `limit` were taken.
 */
export class TapSampler {
  private windowStart = 0;
  private inWindow = 0;
  taken = 0;
  dropped = 0;

  constructor(
    private readonly limit: number,
    private readonly rate: number,
  ) {}

  get full(): boolean {
    return this.taken >= this.limit;
  }

  /** How many of the next `count` events to keep (the first ones); the others are dropped. */
  take(count: number, now: number): number {
    if (this.taken >= this.limit) return 0;
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.inWindow = 0;
    }
    const kept = Math.min(count, this.rate - this.inWindow, this.limit - this.taken);
    this.inWindow += kept;
    this.taken += kept;
    this.dropped += count - kept;
    return kept;
  }
}
