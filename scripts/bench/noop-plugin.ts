import { definePlugin } from '@mstream/sdk';

/** A sink that accepts everything and counts it: isolates the cost of what feeds it. */
export function noopPlugin(counter: { events: number } = { events: 0 }) {
  return definePlugin({
    id: 'noop',
    version: '0.0.0',
    sdk: '*',
    register(r) {
      r.service({ provider: 'noop', configSchema: { type: 'object' }, connect: () => counter });
      r.sink({
        provider: 'noop',
        create: () => ({
          async write(events) {
            counter.events += events.length;
          },
          async close() {},
        }),
      });
    },
  });
}
