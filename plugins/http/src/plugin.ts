import { definePlugin } from '@mstream/sdk';
import { httpMiddleware } from './http-middleware.js';
import { httpService } from './http-service.js';
import { httpSink } from './http-sink.js';
import { httpSource } from './http-source.js';

/** The implementation the lazy entry (index.ts) loads on first use; tests import it directly. */
export default definePlugin({
  id: 'http',
  version: '0.1.0',
  sdk: '^0.1.0',
  displayName: 'HTTP',
  description: 'POSTs events to HTTP endpoints, transforms them through one, or receives them on a listener.',
  register(points) {
    points.service(httpService);
    points.source(httpSource);
    points.sink(httpSink);
    points.middleware(httpMiddleware);
  },
});
