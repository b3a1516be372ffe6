import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runSchemathesis, schemathesisBinary, schemathesisInstalled } from '../../scripts/api-fuzz/schemathesis.js';

// CI installs schemathesis (.ci/run), so there a missing one fails; elsewhere it is skipped with the reason.
const missing = !schemathesisInstalled() && !process.env.CI && !process.env.MSTREAM_REQUIRE_SCHEMATHESIS ? `schemathesis is not installed at ${schemathesisBinary()} (.ci/run installs it)` : false;

describe('the OpenAPI document against the server, by schemathesis', { skip: missing }, () => {
  it('finds no server error and no disagreement between /openapi.json and what the host answers (bounded run)', { timeout: 300_000 }, async () => {
    const { code, output } = await runSchemathesis({ bounded: true });
    const summary = output.slice(output.lastIndexOf('SUMMARY'));
    console.log(summary.trim());
    assert.equal(code, 0, output.slice(-20_000));
    assert.match(summary, /(\d+) generated, \1 passed/, 'every generated case passed');
  });
});
