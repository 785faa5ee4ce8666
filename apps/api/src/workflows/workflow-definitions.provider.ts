import type { Provider } from '@nestjs/common';
import { findConfigDir } from '../config/config-dir.js';
import { loadWorkflowDefinitions } from './workflow-definitions.js';

export const WORKFLOW_DEFINITIONS = Symbol('WORKFLOW_DEFINITIONS');

/** Read once at start (main.ts has already stopped the API if the file is invalid). */
export const workflowDefinitionsProvider: Provider = {
  provide: WORKFLOW_DEFINITIONS,
  useFactory: () => loadWorkflowDefinitions(findConfigDir()),
};
