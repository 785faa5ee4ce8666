import type { Provider } from '@nestjs/common';
import { TaskTypeCatalog } from '@atropos/tasks';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { loadWorkflowDefinitions } from './workflow-definitions.js';

export const WORKFLOW_DEFINITIONS = Symbol('WORKFLOW_DEFINITIONS');

/** Read once at start (main.ts has already stopped the API if the file is invalid). */
export const workflowDefinitionsProvider: Provider = {
  provide: WORKFLOW_DEFINITIONS,
  useFactory: (config: ApiConfig, catalog: TaskTypeCatalog) => loadWorkflowDefinitions(config.configDir, catalog),
  inject: [API_CONFIG, TaskTypeCatalog],
};
