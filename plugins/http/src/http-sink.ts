import { DataError, type ConfigSchema, type Sink, type SinkDefinition, type StreamEvent } from '@mstream/sdk';
import { attributeHeaders, CONTENT_TYPES, joinUrl, postWithRetry, requireBase } from './http-request.js';
import { idempotencyHeader, IDEMPOTENCY_KEY_SCHEMA } from './idempotency-key.js';
import type { HttpService } from './http-service.js';

/** Options shared by the sink and the middleware. */
export interface HttpStepOptions {
  batch_mode: 'per_event' | 'array';
  /** Send an `Idempotency-Key` header derived from the events' source identities. */
  idempotency_key: boolean;
}

export const BATCH_MODE_SCHEMA: ConfigSchema = {
  type: 'string',
  enum: ['per_event', 'array'],
  default: 'per_event',
  description: 'per_event: one POST per event, attributes as X- headers. array: one POST per batch with a JSON array body (json only).',
};

/** Builds the body of an `array` POST: the JSON payloads joined into one array, without re-parsing. */
export function jsonArrayBody(events: StreamEvent[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const comma = new Uint8Array([0x2c]);
  for (const [i, event] of events.entries()) {
    if (event.encoding !== 'json') throw new DataError(`batch_mode "array" sends JSON only; this event is ${event.encoding}`);
    if (i) parts.push(comma);
    parts.push(event.payload);
  }
  return Buffer.concat([Buffer.from('['), ...parts, Buffer.from(']')]);
}

/**
 * POSTs events in order, one at a time (per_event) or as one array (array). `write` resolves only
 * when every POST got a 2xx; a rejected event fails the call with a DataError and the host
 * isolates it, re-sending the others. Re-sent and replayed requests carry the same
 * `Idempotency-Key` as the first time, so an endpoint that honours it does the work once.
 */
class HttpSink implements Sink {
  constructor(
    private readonly service: HttpService,
    private readonly url: URL,
    private readonly options: HttpStepOptions,
  ) {}

  async write(events: StreamEvent[], signal: AbortSignal): Promise<void> {
    const keyed = this.options.idempotency_key;
    if (this.options.batch_mode === 'array') {
      await postWithRetry(this.service, this.url, jsonArrayBody(events), { 'Content-Type': CONTENT_TYPES.json, ...idempotencyHeader(events, this.url, keyed) }, signal);
      return;
    }
    for (const event of events) {
      const headers = { ...attributeHeaders(event.attributes), 'Content-Type': CONTENT_TYPES[event.encoding], ...idempotencyHeader([event], this.url, keyed) };
      await postWithRetry(this.service, this.url, event.payload, headers, signal);
    }
  }

  async close(): Promise<void> {}
}

/** The `http` sink: the resource is a path below the service's `host`. */
export const httpSink: SinkDefinition<HttpService, HttpStepOptions> = {
  provider: 'http',
  resourceLabel: 'path below host',
  encodings: ['json', 'bson', 'avro'],
  optionsSchema: { type: 'object', additionalProperties: false, properties: { batch_mode: { ...BATCH_MODE_SCHEMA }, idempotency_key: { ...IDEMPOTENCY_KEY_SCHEMA } } },
  create({ service, resource, options }) {
    return new HttpSink(service, joinUrl(requireBase(service), resource), options);
  },
};
