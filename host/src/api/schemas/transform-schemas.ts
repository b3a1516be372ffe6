import { ASSERT_TYPES } from '../../playground/assertions.js';
import { ANY, arrayOf, BOOLEAN, COUNT, envelope, JSON_SCHEMA_OBJECT, object, ref, STRING, STRING_MAP, type JsonSchema } from './json-schema.js';

const SCRIPT: JsonSchema = { type: 'string', minLength: 1, maxLength: 1_000_000, description: 'The script source; it defines transform(data, attributes)' };
const LANGUAGE: JsonSchema = { type: 'string', description: 'Script language of an installed engine (default javascript)' };
const LINE: JsonSchema = { type: 'integer', minimum: 1 };
const ASSERTION: JsonSchema = object({ path: STRING, assert_type: { type: 'string', enum: ASSERT_TYPES }, expected_value: ANY }, ['path', 'assert_type'], true);

/**
 * The transform playground (playground/playground-service.ts): scripts run in the same engine a
 * job uses. Unknown keys of requests are ignored, so the request objects are open.
 */
export const TRANSFORM_SCHEMAS= {
  TransformRunRequest: object(
    { script: SCRIPT, payload: { ...STRING, description: 'The sample document as JSON text' }, attributes: STRING_MAP, language: LANGUAGE },
    ['script', 'payload'],
    true,
  ),
  TransformOutput: object(
    {
      document: { description: 'What the script returned: one document, null when it dropped the event, an array on fan-out' },
      attributes: STRING_MAP,
      dropped: BOOLEAN,
      fan_out: { type: 'integer', minimum: 2, description: 'How many documents a fan-out produced' },
      encoding: { type: 'string', enum: ['json'] },
    },
    ['attributes', 'encoding'],
    false,
  ),
  TransformRunResult: envelope(ref('TransformOutput')),
  ScriptRequest: object({ script: SCRIPT, language: LANGUAGE }, ['script'], true),
  ScriptDiagnostic: object(
    { line: LINE, column: LINE, end_line: LINE, end_column: LINE, message: STRING, severity: { type: 'string', enum: ['error', 'warning'] } },
    ['line', 'column', 'message', 'severity'],
    false,
  ),
  ScriptValidation: object({ valid: BOOLEAN, diagnostics: arrayOf(ref('ScriptDiagnostic')) }, ['valid', 'diagnostics'], false),
  ScriptCompletion: object(
    { label: STRING, kind: { type: 'string', enum: ['function', 'snippet'] }, detail: STRING, documentation: STRING, insert_text: STRING, is_snippet: BOOLEAN },
    ['label', 'kind', 'detail', 'documentation', 'insert_text', 'is_snippet'],
    false,
  ),
  ScriptCompletionList: arrayOf(ref('ScriptCompletion')),
  GenerateTestsRequest: object({ script: SCRIPT, sample_input: { description: 'A sample document' }, language: LANGUAGE }, ['script', 'sample_input'], true),
  GeneratedTests: object(
    {
      input_schema: { ...JSON_SCHEMA_OBJECT, description: 'A JSON Schema inferred from the sample' },
      cases: arrayOf(object({ name: STRING, input: ANY, expected: ANY, assertions: arrayOf(ASSERTION), duration_ms: COUNT }, ['name', 'assertions', 'duration_ms'], false)),
      errors: arrayOf(object({ case: STRING, message: STRING, line: LINE }, ['case', 'message'], false)),
    },
    ['input_schema', 'cases', 'errors'],
    false,
  ),
  GeneratedTestsResult: envelope(ref('GeneratedTests')),
  TestCase: object(
    { name: STRING, input: ANY, expected: ANY, attributes: STRING_MAP, strict_mode: BOOLEAN, assertions: arrayOf(ASSERTION) },
    ['name', 'input'],
    true,
  ),
  RunTestsRequest: object({ script: SCRIPT, cases: arrayOf(ref('TestCase')), strict_output: BOOLEAN, language: LANGUAGE }, ['script', 'cases'], true),
  TestResult: object(
    {
      name: STRING,
      passed: BOOLEAN,
      duration_ms: COUNT,
      actual: { description: 'The output, when assertions failed' },
      failures: arrayOf(object({ path: STRING, assert_type: { type: 'string', enum: [...ASSERT_TYPES, 'strict'] }, expected: ANY, actual: ANY, message: STRING }, ['path', 'assert_type', 'message'], false)),
      error: { ...STRING, description: 'Why the script failed on this input' },
      line: LINE,
    },
    ['name', 'passed', 'duration_ms'],
    false,
  ),
  TestRun: object(
    { summary: object({ passed: COUNT, failed: COUNT, total: COUNT }, ['passed', 'failed', 'total'], false), results: arrayOf(ref('TestResult')) },
    ['summary', 'results'],
    false,
  ),
  TestRunResult: envelope(ref('TestRun')),
} satisfies Record<string, JsonSchema>;
