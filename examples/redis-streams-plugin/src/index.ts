import { definePlugin } from '@mstream/sdk';
import { redisService } from './redis-service.js';
import { streamSink } from './stream-sink.js';
import { streamSource } from './stream-source.js';

/**
 * An out-of-tree mstream plugin, written only against the published `@mstream/sdk`:
 * a Redis Streams source (consumer groups) and sink (XADD). See README.md.
 */
export default definePlugin({
  id: 'redis-streams',
  version: '0.1.0',
  sdk: '^0.1.0',
  displayName: 'Redis Streams',
  description: 'Reads Redis streams with consumer groups and writes them with XADD.',
  register(points) {
    points.service(redisService);
    points.source(streamSource);
    points.sink(streamSink);
  },
});
