import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import semver from 'semver';
import type { ConfigSchema } from '../../config-schema.js';
import { isMstreamPlugin } from '../../plugin.js';
import { PLUGIN_API_VERSION, SDK_VERSION } from '../../version.js';
import { ConfigValidator } from '../config-validator.js';
import type { Harness } from '../harness.js';
import type { AcceptanceCase } from './case.js';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The plugin object is what discovery accepts, and its package.json agrees with its code. */
export const manifestValid: AcceptanceCase = {
  id: 'manifest.valid',
  summary: 'the plugin object and its package.json manifest are what discovery accepts',
  notApplicable: () => undefined,
  async run(harness: Harness) {
    const { plugin } = harness.driver;
    assert.ok(isMstreamPlugin(plugin), 'the default export must come from definePlugin (brand $$type)');
    assert.equal(plugin.apiVersion, PLUGIN_API_VERSION, 'apiVersion must match the SDK');
    assert.match(plugin.id, KEBAB, 'id must be kebab-case');
    assert.ok(semver.valid(plugin.version), `version "${plugin.version}" must be a semver version`);
    assert.ok(semver.validRange(plugin.sdk), `sdk "${plugin.sdk}" must be a semver range`);
    assert.ok(semver.satisfies(SDK_VERSION, plugin.sdk), `sdk range "${plugin.sdk}" must include SDK ${SDK_VERSION}`);
    if (!harness.driver.packageJsonPath) return;
    const pkg = JSON.parse(readFileSync(harness.driver.packageJsonPath, 'utf8')) as {
      version?: string;
      mstream?: { apiVersion?: number; role?: string; provides?: string[] };
    };
    assert.ok(pkg.mstream, 'package.json must have an "mstream" field');
    assert.equal(pkg.mstream.apiVersion, PLUGIN_API_VERSION, 'package.json mstream.apiVersion');
    assert.equal(pkg.mstream.role, 'connector-plugin', 'package.json mstream.role');
    assert.deepEqual(
      [...(pkg.mstream.provides ?? [])].sort(),
      [...harness.registration.provides].sort(),
      'package.json mstream.provides must list exactly what register() registers',
    );
    assert.equal(pkg.version, plugin.version, 'definePlugin version must equal the package.json version');
  },
};

/** Every schema the plugin registers for the provider compiles, and the driver's configs satisfy them. */
export const schemasCompile: AcceptanceCase = {
  id: 'schemas.compile',
  summary: "every registered schema compiles and the driver's configs satisfy them",
  notApplicable: () => undefined,
  async run(harness: Harness) {
    const validator = new ConfigValidator();
    const { driver } = harness;
    const check = (what: string, schema: ConfigSchema | undefined, value?: Record<string, unknown>) => {
      if (!schema) return;
      assert.doesNotThrow(() => validator.compile(schema), `${what} schema must compile with ajv (strict)`);
      if (value) assert.deepEqual(validator.check(schema, value).issues, [], `the driver's ${what} must validate`);
    };
    check('service config', harness.serviceDef.configSchema, driver.service());
    check('source options', harness.sourceDef?.optionsSchema, driver.sourceOptions?.(harness.testId) ?? {});
    check('sink options', harness.sinkDef?.optionsSchema, driver.sinkOptions?.(harness.testId) ?? {});
    if (driver.brokenService) check('broken service config', harness.serviceDef.configSchema, driver.brokenService());
    // Middlewares take no driver options here, but a schema that does not compile breaks the host all the same.
    for (const definition of harness.registration.middlewares.values()) {
      check(`middleware "${definition.provider}" options`, definition.optionsSchema);
    }
  },
};
