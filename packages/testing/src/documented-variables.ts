import { readFileSync } from 'node:fs';
import { repoRoot } from './app-process.js';
import path from 'node:path';

/**
 * Which of `variables` (what an app's env schema reads) are missing from each place a person looks
 * for them: .env.example (set or commented out), README's configuration table, docker-compose.yml.
 */
export function undocumentedVariables(variables: string[]) {
  const read = (name: string) => readFileSync(path.join(repoRoot(), name), 'utf8');
  const envExample = read('.env.example');
  const configuration = read('README.md').split('\n## Configuration')[1]?.split('\n## ')[0] ?? '';
  const compose = read('docker-compose.yml');
  return {
    envExample: variables.filter((name) => !new RegExp(`^#? *${name}=`, 'm').test(envExample)),
    readme: variables.filter((name) => !configuration.includes(`\n| \`${name}\` |`)),
    compose: variables.filter((name) => !new RegExp(`\\b${name}\\b`).test(compose)),
  };
}
