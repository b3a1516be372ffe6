import { ID, RESOURCE_NAME, SCHEMA_ID } from './params.js';
import { arrayOf, envelope, object, ref, STRING, TIMESTAMP, type JsonSchema } from './json-schema.js';

/**
 * Saved Transform Studio state, the original mstream's workspaces: a script (where it lives), a
 * sample input, a schema and a test suite, each optional. `script_source` is ours: the script's
 * text as the Studio last had it, so a workspace reopens even when the script is on no service.
 */
const WORKSPACE_FIELDS: Record<string, JsonSchema> = {
  name: { type: 'string', minLength: 1, maxLength: 256, description: 'Shown in the workspace list' },
  script: object({ service_name: ID, resource: RESOURCE_NAME }, ['service_name', 'resource'], false, 'The UDF script: its service and resource (file) name'),
  input: { type: 'string', description: 'The sample input, as text (usually a JSON document)' },
  schema: object({ schema_id: SCHEMA_ID, service_name: ID }, ['schema_id', 'service_name'], false, 'A stored schema the input is checked against'),
  test_suite_id: { ...ID, description: 'A saved test suite (GET /test-suites/{id})' },
  script_source: { type: 'string', description: 'The script\'s text as the Studio last had it (not in the original)' },
};

export const WORKSPACE_SCHEMAS = {
  WorkspaceInput: object(
    {
      id: { ...ID, description: 'POST: replaces the workspace with this id (assigned when missing). PUT: must be the path\'s id when sent' },
      ...WORKSPACE_FIELDS,
      created_at: { ...TIMESTAMP, description: 'Ignored: the host keeps the first save\'s time' },
      updated_at: { ...TIMESTAMP, description: 'Ignored: the host sets it' },
    },
    ['name'],
    false,
    'A workspace to save; a whole GET answer may be sent back',
  ),
  Workspace: object({ id: ID, ...WORKSPACE_FIELDS, created_at: TIMESTAMP, updated_at: TIMESTAMP }, ['id', 'name', 'created_at', 'updated_at'], false),
  WorkspaceEnvelope: envelope(ref('Workspace')),
  WorkspaceSummary: object({ id: ID, name: STRING }, ['id', 'name'], false),
  WorkspaceSummaryList: arrayOf(ref('WorkspaceSummary')),
} satisfies Record<string, JsonSchema>;
