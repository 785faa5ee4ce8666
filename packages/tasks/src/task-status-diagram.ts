import type { TaskAction, TaskTransition } from './task-status.js';
import { TASK_TRANSITIONS } from './task-status.js';

/**
 * The transition table drawn as a Mermaid state diagram, one arrow per (from, to, action): what
 * docs/ARCHITECTURE.md shows (a spec checks the page holds exactly this text).
 */
export function taskStatusDiagram(): string {
  const lines = ['stateDiagram-v2'];
  for (const [action, transition] of Object.entries(TASK_TRANSITIONS) as Array<[TaskAction, TaskTransition]>) {
    const sources = transition.from.length > 0 ? transition.from : ['[*]'];
    const targets = transition.to.length > 0 ? transition.to : ['[*]'];
    for (const from of sources) for (const to of targets) lines.push(`  ${from} --> ${to}: ${action}`);
  }
  return lines.join('\n');
}
