import { definePlugin } from '@mstream/sdk';
import { queueService } from './queue-service.js';
import { queueSink } from './queue-sink.js';
import { queueSource } from './queue-source.js';
import { tagMiddleware } from './tag-middleware.js';

/**
 * An mstream connector plugin. Registration only records definitions; connections open later,
 * when a job or the API first uses a service. See README.md.
 */
export default definePlugin({
  id: 'plugin-template',
  version: '0.1.0',
  sdk: '^0.1.0',
  displayName: 'Plugin template',
  description: 'A JSON-lines queue in a local folder: a source, a sink and a middleware.',
  register(points) {
    points.service(queueService);
    points.source(queueSource);
    points.sink(queueSink);
    points.middleware(tagMiddleware);
  },
});
