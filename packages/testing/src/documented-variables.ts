import type { EnvDeclarations } from '@atropos/config';
import { describeEnv } from '@atropos/config';
import { readFileSync } from 'node:fs';
import { repoRoot } from './app-process.js';
import path from 'node:path';

/**
 * What the places a person looks for an app's variables (.env.example, README's configuration
 * table, docker-compose.yml) get wrong about its declarations: each variable missing from one of
 * them, named with its declared meaning so the failure says what to write, and each default that
 * .env.example or README states otherwise than the declaration.
 */
export function undocumentedVariables(declarations: EnvDeclarations) {
  const read = (name: string) => readFileSync(path.join(repoRoot(), name), 'utf8');
  const envExample = read('.env.example');
  const configuration = read('README.md').split('\n## Configuration')[1]?.split('\n## ')[0] ?? '';
  const compose = read('docker-compose.yml');
  const variables = describeEnv(declarations);
  const missing = (found: (name: string) => boolean) =>
    variables.filter(({ name }) => !found(name)).map(({ name, doc }) => `${name}: ${doc}`);
  return {
    envExample: missing((name) => new RegExp(`^#? *${name}=`, 'm').test(envExample)),
    readme: missing((name) => configuration.includes(`\n| \`${name}\` |`)),
    compose: missing((name) => new RegExp(`\\b${name}\\b`).test(compose)),
    defaults: variables.flatMap(({ name, default: declared }) => {
      if (declared === undefined) return [];
      const problems: string[] = [];
      const set = new RegExp(`^${name}=(.*)$`, 'm').exec(envExample)?.[1];
      if (set !== undefined && set !== declared) problems.push(`${name}: .env.example sets "${set}", the default is "${declared}"`);
      // | `NAME` | used by | default | meaning |
      const cell = configuration.split(`\n| \`${name}\` |`)[1]?.split('|')[1]?.trim();
      const stated = declared === '' ? cell?.startsWith('*(empty') : cell?.includes(`\`${declared}\``);
      if (cell !== undefined && !stated) problems.push(`${name}: README's default is ${cell}, the default is "${declared}"`);
      return problems;
    }),
  };
}
