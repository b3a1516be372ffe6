import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { GENERATED_TYPES, renderApiTypes } from '../../scripts/gen-api-types.js';

describe('the dashboard\'s API types', () => {
  it('are exactly what openapi-typescript makes of the host\'s /openapi.json today (else: npm run gen:api-types)', async () => {
    const committed = await readFile(GENERATED_TYPES, 'utf8');
    const fresh = await renderApiTypes();
    assert.ok(committed === fresh, 'dashboard/src/api/generated/openapi.ts is stale: the API changed; run `npm run gen:api-types` and commit it');
    assert.match(committed, /Job: \{/);
  });
});
