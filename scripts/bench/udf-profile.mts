import { createEvent, utf8, type Middleware } from '@mstream/sdk';
import { createTestContext } from '@mstream/sdk/testing';
import { udfMiddleware } from '../../plugins/udf/src/udf-middleware.js';
import { ScriptStore } from '../../plugins/udf/src/script-store.js';
const SCRIPT = `function transform(docs) {
  for (const d of docs) { d.email = mask_email(d.email); d.phone = mask_phone(d.phone); d.birth = mask_year_only(d.birth); }
  return docs;
}`;
const doc = (i: number) => ({ id: `cust-${String(i).padStart(8, '0')}`, name: `Customer Number ${i}`, email: `customer.${i}@example.com`, phone: `+1-555-${String(i % 10000).padStart(4, '0')}-0199`, birth: '1987-06-15', address: { street: `${i % 999} Long Main Street`, city: 'Springfield', zip: '12345', country: 'US' }, tags: ['gold', 'newsletter', 'eu'], balance: i * 1.25, active: i % 2 === 0 });
const events = Array.from({ length: 500 }, (_, i) => createEvent({ position: utf8(String(i)), payload: utf8(JSON.stringify(doc(i))), encoding: 'json', attributes: { source: 'bench' } }));
const store = new ScriptStore(undefined); await store.write('mask.js', SCRIPT);
const workers = Number(process.env.W ?? 1);
const mw = (await udfMiddleware.create({ service: store, resource: 'mask.js', options: { timeout_ms: 5000, memory_limit_mb: 64, workers }, context: createTestContext({ batch: { size: 500, maxWaitMs: 50 } }) as never, encoding: 'json' })) as Middleware;
const sig = new AbortController().signal;
for (let i = 0; i < 20; i++) await mw.transform(events, sig);
let n = 0; const t = performance.now(); let main = 0;
while (performance.now() - t < 5000) { const c0 = process.cpuUsage(); await mw.transform(events, sig); const c = process.cpuUsage(c0); main += c.user + c.system; n += 500; }
const secs = (performance.now() - t) / 1000;
console.log(`workers=${workers} events/s`, Math.round(n / secs), 'process cpu µs/event', (main / n).toFixed(1));
await mw.close?.();
