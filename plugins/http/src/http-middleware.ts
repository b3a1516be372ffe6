import { DataError, type Encoding, type Middleware, type MiddlewareDefinition, type StreamEvent } from '@mstream/sdk';
import { attributeHeaders, CONTENT_TYPES, encodingOf, headerAttributes, joinUrl, postWithRetry, requireBase, type HttpReply } from './http-request.js';
import type { HttpService } from './http-service.js';
import { BATCH_MODE_SCHEMA, jsonArrayBody, type HttpStepOptions } from './http-sink.js';
import { idempotencyHeader, IDEMPOTENCY_KEY_SCHEMA } from './idempotency-key.js';

/**
 * Sends events to a transform endpoint and continues with its answers. The response's
 * Content-Type decides the output encoding (bytes are never read as text); `X-` response headers
 * are merged into the attributes; 204 drops the event; in array mode a JSON array answer becomes
 * one event per element.
 */
class HttpMiddleware implements Middleware {
  /** From `concurrent_batches`: the next batch's requests may start before this one's answers. */
  readonly concurrentBatches: number;

  constructor(
    private readonly service: HttpService,
    private readonly url: URL,
    private readonly options: HttpMiddlewareOptions,
  ) {
    this.concurrentBatches = options.concurrent_batches;
  }

  async transform(events: StreamEvent[], signal: AbortSignal): Promise<StreamEvent[]> {
    if (events.length === 0) return [];
    const keyed = this.options.idempotency_key;
    if (this.options.batch_mode === 'array') {
      const reply = await postWithRetry(this.service, this.url, jsonArrayBody(events), { 'Content-Type': CONTENT_TYPES.json, ...idempotencyHeader(events, this.url, keyed) }, signal);
      return this.toEvents(reply, events[events.length - 1], events);
    }
    const out: StreamEvent[] = [];
    for (const event of events) {
      const headers = { ...attributeHeaders(event.attributes), 'Content-Type': CONTENT_TYPES[event.encoding], ...idempotencyHeader([event], this.url, keyed) };
      out.push(...this.toEvents(await postWithRetry(this.service, this.url, event.payload, headers, signal), event));
    }
    return out;
  }

  /** `batch`: the events of an array request, whose JSON array answer is split into events. */
  private toEvents(reply: HttpReply, origin: StreamEvent, batch?: StreamEvent[]): StreamEvent[] {
    const split = batch !== undefined;
    if (reply.status === 204 || reply.body.byteLength === 0) return [];
    const encoding: Encoding = encodingOf(reply.headers.get('content-type')) ?? origin.encoding;
    const attributes = { ...origin.attributes, ...headerAttributes(reply.headers) };
    if (split && encoding === 'json') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(reply.body).toString('utf8'));
      } catch (error) {
        throw new DataError(`the transform endpoint answered invalid JSON: ${(error as Error).message}`);
      }
      if (Array.isArray(parsed)) {
        // One answer per request element: each keeps its element's source identity, so the ids
        // stay stable however a replay cuts batches. Other shapes share the last event's id (the
        // host numbers repeats), which is only stable for the same batch.
        const ids = parsed.length === batch.length ? batch.map((e) => e.id) : undefined;
        return parsed.map((item, i) => ({ ...origin, id: ids ? ids[i] : origin.id, encoding, attributes, payload: Buffer.from(JSON.stringify(item)) }));
      }
    }
    return [{ ...origin, encoding, attributes, payload: reply.body }];
  }
}

/** Middleware options: the sink's, plus how many batches may be out at once. */
export type HttpMiddlewareOptions = HttpStepOptions & { concurrent_batches: number };

/** The `http` middleware: POST to host + resource and carry on with the response. */
export const httpMiddleware: MiddlewareDefinition<HttpService, HttpMiddlewareOptions> = {
  provider: 'http',
  resourceLabel: 'path below host',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      batch_mode: { ...BATCH_MODE_SCHEMA },
      idempotency_key: { ...IDEMPOTENCY_KEY_SCHEMA },
      concurrent_batches: {
        type: 'integer',
        minimum: 1,
        maximum: 4,
        default: 1,
        'x-advanced': true,
        description: 'Batches whose requests may be out at once: the next batch is sent before the answers to this one came. Only for services whose answers do not depend on the order of requests. Events still reach the sinks in order.',
      },
    },
  },
  create({ service, resource, options }) {
    return new HttpMiddleware(service, joinUrl(requireBase(service), resource), options);
  },
};
