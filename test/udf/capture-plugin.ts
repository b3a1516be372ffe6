import { definePlugin, NO_OPTIONS, type StreamEvent } from '@mstream/sdk';

/** A test sink provider `capture` that keeps every written event (raw bytes) in memory. */
export function capturePlugin() {
  const written: StreamEvent[] = [];
  const plugin = definePlugin({
    id: 'capture',
    version: '0.0.1',
    sdk: '^0.1.0',
    register(r) {
      r.service({ provider: 'capture', configSchema: NO_OPTIONS, connect: () => written });
      r.sink({
        provider: 'capture',
        create: () => ({
          async write(events) {
            written.push(...events);
          },
          async close() {},
        }),
      });
    },
  });
  return { plugin, written };
}
