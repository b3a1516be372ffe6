import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestContext } from '@mstream/sdk/testing';
import { udfResources } from './udf-resources.js';
import { udfService, type UdfConfig } from './udf-service.js';

const config = (over: Partial<UdfConfig>): UdfConfig => ({ engine: { kind: 'javascript' }, sources: [], ...over });

describe('udf service and resources', () => {
  it('refuses inline sources whose file name is not a single .js component, naming it', async () => {
    const ctx = createTestContext();
    for (const filename of ['../evil.js', 'a/b.js', 'x.rhai', '..js', '.hidden.js']) {
      await assert.rejects(Promise.resolve(udfService.connect(config({ sources: [{ filename, content: '' }] }), ctx)), (e: Error & { code?: string }) => e.code === 'MS_ERR_CONFIG_INVALID' && e.message.includes(`"${filename}"`) && e.message.includes('sources[0].filename'));
    }
    await ctx.dispose();
  });
  it('writes inline sources into script_path and lists, reads and replaces scripts there', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'udf-'));
    const ctx = createTestContext();
    try {
      const store = await udfService.connect(config({ script_path: dir, sources: [{ filename: 'a.js', content: 'function transform(d) { return d; }' }] }), ctx);
      assert.equal(await readFile(path.join(dir, 'a.js'), 'utf8'), 'function transform(d) { return d; }');
      const lister = udfResources.create(store, ctx);
      await lister.write!('b.js', 'function transform(d) { return null; }', AbortSignal.timeout(5000));
      assert.deepEqual((await lister.list(AbortSignal.timeout(5000))).map((r) => [r.name, r.resource_type]), [['a.js', 'script'], ['b.js', 'script']]);
      assert.match(await lister.read!('b.js', AbortSignal.timeout(5000)), /return null/);
      await assert.rejects(lister.write!('c.js', 'function transform(d) {\n\n  return d +;\n}', AbortSignal.timeout(5000)), (e: Error & { code?: string }) => e.code === 'MS_ERR_BAD_REQUEST' && /line 3/.test(e.message));
      await assert.rejects(lister.write!('d.js', 'var x = 1;', AbortSignal.timeout(5000)), /must define function transform/);
      await assert.rejects(lister.read!('missing.js', AbortSignal.timeout(5000)), (e: Error & { code?: string }) => e.code === 'MS_ERR_NOT_FOUND');
    } finally {
      await ctx.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
  it('keeps inline sources in memory without script_path, and needs one or the other', async () => {
    const ctx = createTestContext();
    const store = await udfService.connect(config({ sources: [{ filename: 'm.js', content: 'function transform(d) { return d; }' }] }), ctx);
    assert.equal(store.folder, undefined);
    assert.match(await store.read('m.js'), /transform/);
    await assert.rejects(Promise.resolve(udfService.connect(config({}), ctx)), /set script_path or give at least one inline source/);
    await ctx.dispose();
  });
});
