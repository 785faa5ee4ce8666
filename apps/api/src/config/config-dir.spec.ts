import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findConfigDir } from './config-dir.js';

describe('findConfigDir', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'config-dir-'));
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ workspaces: ['apps/*'] }));
  mkdirSync(path.join(root, 'config'));
  const app = path.join(root, 'apps', 'api');
  mkdirSync(path.join(app, 'config'), { recursive: true });
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'api' }));

  it('takes CONFIG_DIR when set, resolved from the working directory', () => {
    expect(findConfigDir({ CONFIG_DIR: 'elsewhere' }, app)).toBe(path.join(app, 'elsewhere'));
  });

  it("finds the monorepo's config/ above the working directory, past a package without workspaces", () => {
    expect(findConfigDir({}, app)).toBe(path.join(root, 'config'));
  });

  it('falls back to ./config outside a monorepo', () => {
    const alone = mkdtempSync(path.join(tmpdir(), 'config-dir-alone-'));
    expect(findConfigDir({}, alone)).toBe(path.join(alone, 'config'));
  });
});
