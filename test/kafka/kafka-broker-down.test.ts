// @requires-services kafka
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { eventually, startTestHost } from '../../host/test/test-host.js';
import kafkaPlugin from '../../plugins/kafka/src/index.js';
import { BROKERS, clientKey, bareKafka, createTopic, kafkaJob, produce, readTopic, unique } from './kafka-helpers.js';

/**
 * A TCP proxy in front of the broker that refuses (closes) every connection until `open()`.
 * The broker advertises 127.0.0.1:9092, so once bootstrapped through the proxy the client talks
 * to the broker directly; what matters is that the first connections fail while it is "down".
 */
async function startGate(target: string) {
  const [host, port] = target.split(',')[0].split(':');
  let open = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(port), host);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    address,
    open: () => void (open = true),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('a Kafka job started while the broker is unreachable', () => {
  it('shows the retrying error in its state, backs off, and delivers everything once the broker is reachable', async () => {
    const kafka = bareKafka();
    const from = unique('down-in');
    const to = unique('down-out');
    const name = unique('down');
    await createTopic(kafka, from, 2);
    await produce(kafka, from, Array.from({ length: 100 }, (_, i) => ({ value: JSON.stringify({ id: i }) })));

    const gate = await startGate(BROKERS);
    const h = await startTestHost({
      discover: false,
      plugins: [kafkaPlugin],
      config: {
        services: [{ provider: 'kafka', name: 'kafka', 'bootstrap.servers': gate.address, ...clientKey() }],
        connectors: [kafkaJob(name, from, to, { retry: { initial_backoff_ms: 200, max_backoff_ms: 1000 } })],
      },
    });
    try {
      const down = await eventually(async () => {
        const job = (await h.request('GET', `/jobs/${name}`)).body;
        return job.error?.retrying ? job : undefined;
      }, 20_000, 'the job to report a retrying error');
      assert.equal(down.state, 'running', 'a retrying job stays running');
      assert.equal(down.error.code, 'MS_ERR_CONNECTION');
      assert.match(down.error.message, /source/);
      const retriesWhileDown = (await h.request('GET', `/jobs/${name}/metrics`)).body.retries;
      assert.ok(retriesWhileDown >= 1, 'the open was retried');

      gate.open();
      const copies = await readTopic(kafka, to, 100, 30_000);
      assert.equal(new Set(copies.map((m) => m.value)).size, 100, 'every message arrives after recovery');
      await eventually(async () => !(await h.request('GET', `/jobs/${name}`)).body.error, 10_000, 'the error to clear');
    } finally {
      await h.close();
      await gate.close();
    }
  });
});
