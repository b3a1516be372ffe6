import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ConfigSchema } from '@mstream/sdk';
import { OptionsValidator } from '../registry/options-validator.js';
import { FilesRoot } from './files-root.js';

const SCHEMA: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    folder: { type: 'string', 'x-path': 'folder' },
    label: { type: 'string' },
    nested: { type: 'object', properties: { file: { type: 'string', 'x-path': 'file' } } },
    list: { type: 'array', items: { type: 'string', 'x-path': 'file' } },
    map: { type: 'object', additionalProperties: { type: 'string', 'x-path': 'file' } },
    auth: {
      oneOf: [
        { type: 'object', required: ['key_path'], additionalProperties: false, properties: { key_path: { type: 'string', 'x-path': 'file' } } },
        { type: 'object', required: ['token'], additionalProperties: false, properties: { token: { type: 'string' } } },
      ],
    },
  },
};

describe('x-path options', () => {
  let root: string;
  let validator: OptionsValidator;
  before(async () => {
    root = await realpath(await mkdtemp(path.join(os.tmpdir(), 'mstream-x-path-')));
    validator = new OptionsValidator({ filesRoot: new FilesRoot(root) });
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('are made absolute inside the root wherever the schema marks them, and nothing else changes', () => {
    const data = { folder: 'out', label: '../not-a-path', nested: { file: 'a.json' }, list: ['b.json'], map: { x: 'c.json' }, auth: { key_path: 'k.json' } };
    assert.deepEqual(validator.validate(SCHEMA, data, 'services[0]'), []);
    assert.deepEqual(data, {
      folder: path.join(root, 'out'),
      label: '../not-a-path',
      nested: { file: path.join(root, 'a.json') },
      list: [path.join(root, 'b.json')],
      map: { x: path.join(root, 'c.json') },
      auth: { key_path: path.join(root, 'k.json') },
    });
  });

  it('outside the root are issues located at the field, each reported once', () => {
    const data = { folder: '/etc', nested: { file: '../x' }, list: ['ok.json', '/etc/passwd'], map: { 'a.b': '/x' }, auth: { key_path: '/root/key' } };
    const issues = validator.validate(SCHEMA, data, 'services[0]');
    assert.deepEqual(issues.map((i) => i.path), ['services[0].folder', 'services[0].nested.file', 'services[0].list[1]', 'services[0].map."a.b"', 'services[0].auth.key_path']);
    assert.match(issues[0].message, new RegExp(`^"/etc" is outside the files root ${root} \\(set MSTREAM_FILES_ROOT to widen it\\)$`));
    assert.equal(data.folder, '/etc', 'a refused value is left as given');
  });

  it('are checked alongside the schema\'s own errors, so one pass lists every problem', () => {
    const issues = validator.validate(SCHEMA, { folder: '/etc', label: 5 }, 'x');
    assert.deepEqual(issues.map((i) => i.path).sort(), ['x.folder', 'x.label']);
  });

  it('with an unknown kind make the plugin schema fail to compile', () => {
    assert.throws(() => validator.compile({ type: 'object', properties: { p: { type: 'string', 'x-path': 'directory' as never } } }));
  });
});
