import { ID } from './params.js';
import { arrayOf, COUNT, envelope, object, ref, STRING, TIMESTAMP, type JsonSchema } from './json-schema.js';

/**
 * Saved playground test suites. The store keeps a suite as sent (the dashboard adds `script` and
 * more), so suites are open objects; only the id, which becomes a store key, follows a rule.
 */
export const TEST_SUITE_SCHEMAS= {
  TestSuiteInput: object(
    {
      id: { ...ID, description: 'Replaces the suite with this id; assigned when missing' },
      name: STRING,
      description: STRING,
      cases: { type: 'array', description: 'Test cases as POST /transform/test/run takes them' },
    },
    ['name', 'cases'],
    true,
    'A suite to save; other keys (e.g. `script`) are kept as sent',
  ),
  TestSuite: object(
    { id: ID, name: STRING, description: STRING, cases: { type: 'array' }, created_at: TIMESTAMP, updated_at: TIMESTAMP },
    ['id', 'name', 'cases', 'created_at', 'updated_at'],
    true,
  ),
  TestSuiteEnvelope: envelope(ref('TestSuite')),
  TestSuiteSummary: object({ id: ID, name: STRING, description: STRING, case_count: COUNT }, ['id', 'name', 'case_count'], false),
  TestSuiteSummaryList: arrayOf(ref('TestSuiteSummary')),
} satisfies Record<string, JsonSchema>;
