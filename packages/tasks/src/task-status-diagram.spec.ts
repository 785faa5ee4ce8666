import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { taskStatusDiagram } from './task-status-diagram.js';

describe('docs/ARCHITECTURE.md', () => {
  it('draws the status diagram of the transition table as it is', () => {
    const page = readFileSync(fileURLToPath(new URL('../../../docs/ARCHITECTURE.md', import.meta.url)), 'utf8');
    const drawn = /```mermaid\n(stateDiagram-v2[\s\S]*?)\n```/.exec(page)?.[1];
    // When this fails: paste the output of `node -e "import('@atropos/tasks').then(t => console.log(t.taskStatusDiagram()))"`.
    expect(drawn).toBe(taskStatusDiagram());
  });
});
