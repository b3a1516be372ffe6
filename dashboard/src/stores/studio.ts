import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/endpoints';
import type { ApiError } from '../api/http';
import type { Diagnostic, TestCase, TestRun, TransformOutput, Workspace, WorkspaceInput } from '../api/types';
import { toApiError } from '../lib/use-async';
import { useAuthStore } from './auth';

export const EXAMPLE_SCRIPT = `// Runs once per event. Return result(data, attributes) to pass it on.
function transform(data, attributes) {
  const masked = { ...data, email: String(data.email ?? '').replace(/(.).*@/, '$1***@') };
  return result(masked, { ...attributes, masked: 'true' });
}
`;

/** The Transform Studio's working state, kept while the user looks at other pages. */
export const useStudioStore = defineStore('studio', () => {
  const auth = useAuthStore();
  const script = ref(EXAMPLE_SCRIPT);
  const sample = ref(JSON.stringify({ name: 'Ada Lovelace', email: 'ada@example.com', age: 36 }, null, 2));
  const attributes = ref('{}');
  const output = ref<TransformOutput>();
  const runError = ref<ApiError>();
  const diagnostics = ref<Diagnostic[]>([]);
  const validateError = ref<ApiError>();
  const cases = ref<TestCase[]>([]);
  const testRun = ref<TestRun>();
  const testError = ref<ApiError>();
  const suiteId = ref<string>();
  const suiteName = ref('');
  const busy = ref('');
  // Where the script lives (ScriptSource), and the workspace this state was saved as or opened from.
  const scriptService = ref('');
  const scriptResource = ref('');
  const workspaceId = ref<string>();
  const workspaceName = ref('');
  const workspaceError = ref<ApiError>();

  async function guard<T>(what: string, target: typeof runError, fn: () => Promise<T>): Promise<T | undefined> {
    busy.value = what;
    target.value = undefined;
    try {
      return await fn();
    } catch (e) {
      target.value = toApiError(e);
      return undefined;
    } finally {
      busy.value = '';
    }
  }

  async function run() {
    output.value = undefined;
    let attrs: Record<string, string> | undefined;
    try {
      attrs = attributes.value.trim() ? JSON.parse(attributes.value) : undefined;
    } catch (e) {
      runError.value = toApiError(new Error(`attributes are not valid JSON: ${(e as Error).message}`));
      return;
    }
    const res = await guard('run', runError, () => api.runTransform(script.value, sample.value, attrs));
    if (res) output.value = res.item;
  }

  async function validate() {
    // Validation is a POST: a read-only token would only collect 403s (and audit entries) per pause in typing.
    if (auth.readOnly) return;
    try {
      const res = await api.validateTransform(script.value);
      diagnostics.value = res.diagnostics ?? [];
      validateError.value = undefined;
    } catch (e) {
      diagnostics.value = [];
      validateError.value = toApiError(e);
    }
  }

  async function generateTests() {
    let input: unknown;
    try {
      input = JSON.parse(sample.value);
    } catch (e) {
      testError.value = toApiError(new Error(`the sample is not valid JSON: ${(e as Error).message}`));
      return;
    }
    const res = await guard('generate', testError, () => api.generateTests(script.value, input));
    if (res) cases.value = res.item.cases.map((c) => ({ name: c.name, input: c.input, expected: c.expected, assertions: c.assertions }));
  }

  async function runTests() {
    testRun.value = undefined;
    const res = await guard('tests', testError, () => api.runTests(script.value, cases.value));
    if (res) testRun.value = res.item;
  }

  async function saveSuite() {
    const res = await guard('save', testError, () => api.saveTestSuite({ id: suiteId.value, name: suiteName.value || 'untitled suite', script: script.value, cases: cases.value }));
    if (res) suiteId.value = res.item.id;
    return res?.message;
  }

  async function loadSuite(id: string) {
    const suite = await guard('load', testError, () => api.testSuite(id));
    if (!suite) return;
    suiteId.value = suite.id;
    suiteName.value = suite.name;
    cases.value = (suite.cases ?? []) as TestCase[];
    if (typeof suite.script === 'string') script.value = suite.script;
    testRun.value = undefined;
  }

  /** The Studio's state as a workspace: the script (text, and where it lives when known), the sample, the suite. */
  function asWorkspace(): WorkspaceInput {
    return {
      name: workspaceName.value.trim() || 'untitled workspace',
      input: sample.value,
      script_source: script.value,
      ...(scriptService.value && scriptResource.value ? { script: { service_name: scriptService.value, resource: scriptResource.value } } : {}),
      ...(suiteId.value ? { test_suite_id: suiteId.value } : {}),
    };
  }

  async function saveWorkspace(): Promise<Workspace | undefined> {
    const body = asWorkspace();
    const id = workspaceId.value;
    const res = await guard('workspace', workspaceError, () => (id ? api.updateWorkspace(id, body) : api.createWorkspace(body)));
    if (res) {
      workspaceId.value = res.item.id;
      workspaceName.value = res.item.name;
    }
    return res?.item;
  }

  async function openWorkspace(id: string) {
    const ws = await guard('workspace', workspaceError, () => api.workspace(id));
    if (!ws) return;
    workspaceId.value = ws.id;
    workspaceName.value = ws.name;
    if (ws.script_source !== undefined) script.value = ws.script_source;
    if (ws.input !== undefined) sample.value = ws.input;
    scriptService.value = ws.script?.service_name ?? '';
    scriptResource.value = ws.script?.resource ?? '';
    output.value = undefined;
    runError.value = undefined;
    if (ws.test_suite_id) await loadSuite(ws.test_suite_id);
    // A script on a service and no text saved with it: read it from there.
    if (ws.script_source === undefined && ws.script) {
      const loaded = await guard('workspace', workspaceError, () => api.resourceContent(ws.script!.service_name, ws.script!.resource));
      if (loaded) script.value = loaded.content;
    }
  }

  /** Starts over as a new, unsaved workspace (the current text stays). */
  function detachWorkspace() {
    workspaceId.value = undefined;
    workspaceName.value = '';
  }

  return { scriptService, scriptResource, workspaceId, workspaceName, workspaceError, saveWorkspace, openWorkspace, detachWorkspace, script, sample, attributes, output, runError, diagnostics, validateError, cases, testRun, testError, suiteId, suiteName, busy, run, validate, generateTests, runTests, saveSuite, loadSuite };
});
