import { DataError, MstreamError, type ScriptEngineDefinition, type ScriptRunner } from '@mstream/sdk';
import { createScriptRunner, ScriptError } from './script-runner.js';
import { UDF_COMPLETIONS } from './udf-completions.js';

/**
 * Offers the UDF sandbox to the host's transform playground, so a script behaves there exactly as
 * it does in a job. Compile problems are the client's (400 with the line); a script failing on a
 * sample is a data error with the line.
 */
export const udfScriptEngine: ScriptEngineDefinition = {
  language: 'javascript',
  provider: 'javascript',
  async compile(source, options = {}) {
    // Worker isolation as in a job: a script that defeats the interrupt handler (a loop of
    // expensive builtins) is still killed, so no request can hang the API.
    const runner = createScriptRunner(source, { timeoutMs: options.timeoutMs, memoryLimitMb: options.memoryLimitMb, isolation: 'worker' });
    const { valid, diagnostics } = await runner.validate();
    if (!valid) {
      await runner.dispose();
      const first = diagnostics[0];
      throw new MstreamError('MS_ERR_BAD_REQUEST', `script line ${first?.line ?? '?'}: ${first?.message ?? 'does not compile'}`, {
        details: { line: first?.line, column: first?.column, diagnostics },
      });
    }
    const wrapped: ScriptRunner = {
      async run(data, attributes) {
        try {
          return (await runner.run(data, attributes)).map(({ data: out, attributes: attrs }) => ({ data: out, attributes: attrs }));
        } catch (error) {
          if (error instanceof ScriptError) throw new DataError(error.message, { details: { line: error.line, column: error.column } });
          throw error;
        }
      },
      dispose: () => void runner.dispose(),
    };
    return wrapped;
  },
  async validate(source) {
    const runner = createScriptRunner(source, { isolation: 'inline' });
    try {
      const { valid, diagnostics } = await runner.validate();
      return { valid, diagnostics: diagnostics.map((d) => ({ line: d.line ?? 1, column: d.column ?? 1, message: d.message, severity: 'error' as const })) };
    } finally {
      await runner.dispose();
    }
  },
  completions: () => UDF_COMPLETIONS,
};
