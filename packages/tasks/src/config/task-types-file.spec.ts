import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveConfigDir } from './config-dir.js';
import { ConfigFileError, loadTaskTypesFile, parseCommandTaskTypes, parseTaskTypesFile } from './task-types-file.js';

const FILE = '/etc/atropos/task-types.json';

const entry = (overrides: Record<string, unknown> = {}) => ({
  name: 'greet',
  description: 'Says hello.',
  parameters: { properties: { who: { type: 'string', maxLength: 20, default: 'world' } } },
  command: '/bin/echo',
  args: ['hello', '{who}'],
  ...overrides,
});

const errorOf = (entries: unknown) => {
  try {
    parseCommandTaskTypes(JSON.stringify(entries), FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigFileError);
    return (error as Error).message;
  }
  throw new Error('expected the file to be refused');
};

describe('parseCommandTaskTypes', () => {
  it('reads a good file, filling in the defaults', () => {
    const [type] = parseCommandTaskTypes(JSON.stringify([entry()]), FILE);
    expect(type).toEqual({
      ...entry(),
      parameters: { type: 'object', properties: { who: { type: 'string', maxLength: 20, default: 'world' } }, required: [] },
      allow_dash_args: false,
      env: [],
      timeout_s: 300,
      max_output_bytes: 65_536,
      outputs: [],
      queue: 'default',
    });
  });

  it.each([
    [entry({ name: 'report_generation' }), 'task type 0 ("report_generation"), field name: "report_generation" is a built-in task type'],
    [entry({ name: 'Greet-Me' }), 'task type 0 ("Greet-Me"), field name: must be snake_case'],
    [entry({ args: ['{whom}'] }), 'task type 0 ("greet"), field args.0: refers to {whom}, which is not a parameter (declared: who)'],
    [
      entry({ parameters: { properties: { who: { type: 'string' } } } }),
      'field args.1: refers to {who}, which may be left out: make it required or give it a default',
    ],
    [entry({ shell: true }), 'task type 0 ("greet"): Unrecognized key: "shell": shell'],
    [entry({ command: '' }), 'field command: Too small'],
    [entry({ cwd: 'relative/dir' }), 'field cwd: must be an absolute path'],
    [entry({ env: ['NOT-A-NAME'] }), 'field env.0: must be an environment variable name'],
    [entry({ timeout_s: 0 }), 'field timeout_s: Too small'],
    [entry({ outputs: [{ name: '../etc/passwd', content_type: 'text/plain' }] }), 'field outputs.0.name: must be a plain file name'],
    [entry({ outputs: [{ name: 'a.txt', content_type: 'plain' }] }), 'field outputs.0.content_type: must be a media type'],
    [entry({ example: { who: 'x'.repeat(21) } }), 'task type 0 ("greet"), field example.who: Too big'],
    [entry({ example: { who: '-n' } }), 'task type 0 ("greet"), field example.who: must not start with "-"'],
    [entry({ allow_dash_args: 'yes' }), 'field allow_dash_args: Invalid input: expected boolean'],
    [
      entry({ parameters: { properties: { who: { type: 'string', maxLen: 3, default: 'a' } } } }),
      'field parameters.properties.who: Unrecognized key: "maxLen"',
    ],
    [entry({ queue: 'Video Jobs' }), 'task type 0 ("greet"), field queue: must be 1-63 characters'],
    [entry({ limits: { key_concurrency: 1 } }), 'field limits.key_concurrency: needs a `key` to count by'],
    [entry({ limits: { rate: { limit: 10, window_s: 0 } } }), 'field limits.rate.window_s'],
  ])('refuses a bad entry, naming the file, entry and field (%#)', (bad, message) => {
    const text = errorOf([bad]);
    expect(text).toContain(`Invalid ${FILE}: `);
    expect(text).toContain(message);
  });

  it('reads an entry with "worker": "http" as a type served over HTTP, which has no command', () => {
    const served = { name: 'word_count', description: 'Counts words.', worker: 'http', example: { text: 'a b' } };
    const parsed = parseTaskTypesFile(
      JSON.stringify([entry(), { ...served, parameters: { properties: { text: { type: 'string' } } } }]),
      FILE,
    );
    expect(parsed.commands.map((type) => type.name)).toEqual(['greet']);
    expect(parsed.http).toEqual([
      {
        ...served,
        parameters: { type: 'object', properties: { text: { type: 'string' } }, required: [] },
        timeout_s: 3_600,
        queue: 'default',
      },
    ]);
    expect(errorOf([{ ...served, command: '/bin/wc' }])).toContain('task type 0 ("word_count"): Unrecognized key: "command"');
    expect(errorOf([{ ...served, worker: 'grpc' }])).toContain('task type 0 ("word_count"), field command');
    expect(errorOf([{ ...served, example: { words: 1 } }])).toContain('task type 0 ("word_count"), field example.words');
    // Its workers take tasks without the flow gate: limits would not be kept.
    expect(errorOf([{ ...served, limits: { concurrency: 2 } }])).toContain(
      'task type 0 ("word_count"), field limits: is not enforced for a type served over HTTP',
    );
    expect(errorOf([entry({ name: 'word_count' }), served])).toContain(
      'task type 1 ("word_count"), field name: "word_count" is declared twice',
    );
  });

  it('refuses a name declared twice', () => {
    expect(errorOf([entry(), entry()])).toContain('task type 1 ("greet"), field name: "greet" is declared twice');
  });

  it('refuses a file that is not an array of entries, or not JSON', () => {
    expect(errorOf({ name: 'greet' })).toContain('the file must be a JSON array of task types');
    expect(() => parseCommandTaskTypes('[{', FILE)).toThrow(`${FILE} is not valid JSON`);
  });
});

describe('loadTaskTypesFile', () => {
  it('finds no types when the file does not exist', () => {
    expect(loadTaskTypesFile(mkdtempSync(path.join(os.tmpdir(), 'atropos-config-')))).toEqual({ commands: [], http: [] });
  });

  it('reads the file of the config directory', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'atropos-config-'));
    writeFileSync(path.join(dir, 'task-types.json'), JSON.stringify([entry()]));
    expect(loadTaskTypesFile(dir).commands.map((type) => type.name)).toEqual(['greet']);
  });
});

describe('resolveConfigDir', () => {
  it('takes CONFIG_DIR when set, relative to the working directory', () => {
    expect(resolveConfigDir({ CONFIG_DIR: '/srv/conf' }, '/anywhere')).toBe('/srv/conf');
    expect(resolveConfigDir({ CONFIG_DIR: 'conf' }, '/srv/app')).toBe('/srv/app/conf');
  });

  it("otherwise finds the workspace root's config/ folder above the working directory", () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'atropos-root-'));
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ workspaces: ['apps/*'] }));
    mkdirSync(path.join(root, 'config'));
    mkdirSync(path.join(root, 'apps', 'api'), { recursive: true });
    // A package.json without workspaces (the app's own) is passed over.
    writeFileSync(path.join(root, 'apps', 'api', 'package.json'), '{}');
    expect(resolveConfigDir({}, path.join(root, 'apps', 'api'))).toBe(path.join(root, 'config'));
  });

  it('falls back to ./config outside a workspace', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'atropos-lone-'));
    expect(resolveConfigDir({}, dir)).toBe(path.join(dir, 'config'));
  });
});
