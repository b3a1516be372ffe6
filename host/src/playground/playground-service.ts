import { isMstreamError, UnsupportedOperationError, type ScriptEngineDefinition, type ScriptOutput, type ScriptRunner } from '@mstream/sdk';
import type { PluginRegistry } from '../registry/plugin-registry.js';
import { apiError } from '../api/api-error.js';
import { checkAssertions, type Assertion } from './assertions.js';
import { inferSchema } from './infer-schema.js';
import { generateInputs, snapshotAssertions } from './test-generator.js';

export interface TestCase {
  name: string;
  input: unknown;
  expected?: unknown;
  assertions: Assertion[];
  strict_mode?: boolean;
  attributes?: Record<string, string>;
}

/** What a script produced, in the playground's shape: one document, null when dropped, an array on fan-out. */
export function presentOutput(outputs: ScriptOutput[], fallbackAttributes: Record<string, string>) {
  if (outputs.length === 0) return { document: null, attributes: fallbackAttributes, dropped: true };
  if (outputs.length === 1) return { document: outputs[0].data, attributes: outputs[0].attributes };
  return { document: outputs.map((o) => o.data), attributes: outputs[0].attributes, fan_out: outputs.length };
}

/**
 * The transform playground: runs scripts on sample documents with the same engine a job uses,
 * generates edge-case tests and runs them. The engine comes from whichever plugin offers the
 * requested language.
 */
export class Playground {
  constructor(private readonly registry: PluginRegistry) {}

  /** The engine of `language`, its plugin loaded first when it is lazy. */
  async engine(language = 'javascript'): Promise<ScriptEngineDefinition> {
    await this.registry.loadContribution('engine', language);
    const found = this.registry.get('engine', language);
    if (!found) {
      throw new UnsupportedOperationError(`no installed plugin offers a "${language}" script engine (available: ${this.registry.providers('engine').join(', ') || 'none'})`);
    }
    return found.definition;
  }

  async withRunner<T>(script: string, language: string | undefined, body: (runner: ScriptRunner) => Promise<T>): Promise<T> {
    const runner = await (await this.engine(language)).compile(script).catch((error) => Promise.reject(asBadRequest(error)));
    try {
      return await body(runner);
    } finally {
      runner.dispose();
    }
  }

  run(script: string, data: unknown, attributes: Record<string, string>, language?: string) {
    return this.withRunner(script, language, async (runner) => {
      const outputs = await runner.run(data, attributes).catch((error) => Promise.reject(asBadRequest(error)));
      return presentOutput(outputs, attributes);
    });
  }

  generate(script: string, sample: unknown, language?: string) {
    return this.withRunner(script, language, async (runner) => {
      const cases = [];
      const errors: Array<{ case: string; message: string; line?: number }> = [];
      for (const { name, input } of generateInputs(sample)) {
        const started = performance.now();
        try {
          const { document } = presentOutput(await runner.run(input, {}), {});
          cases.push({ name, input, expected: document, assertions: snapshotAssertions(document), duration_ms: Math.round(performance.now() - started) });
        } catch (error) {
          errors.push({ case: name, message: (error as Error).message, line: lineOf(error) });
        }
      }
      return { input_schema: inferSchema(sample), cases, errors };
    });
  }

  runTests(script: string, cases: TestCase[], strictOutput: boolean, language?: string) {
    return this.withRunner(script, language, async (runner) => {
      const results = [];
      for (const testCase of cases) {
        const started = performance.now();
        try {
          const { document } = presentOutput(await runner.run(testCase.input, testCase.attributes ?? {}), {});
          const failures = checkAssertions(document, testCase.assertions ?? [], testCase.strict_mode ?? strictOutput);
          results.push({
            name: testCase.name,
            passed: failures.length === 0,
            duration_ms: Math.round(performance.now() - started),
            ...(failures.length ? { actual: document, failures } : {}),
          });
        } catch (error) {
          results.push({ name: testCase.name, passed: false, duration_ms: Math.round(performance.now() - started), error: (error as Error).message, line: lineOf(error) });
        }
      }
      const passed = results.filter((r) => r.passed).length;
      return { summary: { passed, failed: results.length - passed, total: results.length }, results };
    });
  }
}

function lineOf(error: unknown): number | undefined {
  return isMstreamError(error) ? (error.details?.line as number | undefined) : undefined;
}

/** Script problems are the client's: 400 with the script's message and line. */
function asBadRequest(error: unknown) {
  if (isMstreamError(error) && error.status < 500 && error.code !== 'MS_ERR_DATA') return error;
  const details = isMstreamError(error) ? error.details : undefined;
  return apiError('MS_ERR_BAD_REQUEST', (error as Error).message, details);
}
