import { CreateTasks1764000000000 } from './1764000000000-create-tasks.js';
import { TaskManagement1764000001000 } from './1764000001000-task-management.js';
import { SearchAndStatsIndexes1764000002000 } from './1764000002000-search-and-stats-indexes.js';
import { OpenTasksPerApiKey1764000003000 } from './1764000003000-open-tasks-per-api-key.js';
import { Workflows1764000004000 } from './1764000004000-workflows.js';
import { TaskArtifacts1764000005000 } from './1764000005000-task-artifacts.js';
import { WorkflowRunApiKey1764000006000 } from './1764000006000-workflow-run-api-key.js';
import { WorkflowRunRetention1764000007000 } from './1764000007000-workflow-run-retention.js';
import { TaskStatusGuard1765000000000 } from './1765000000000-task-status-guard.js';
import { TaskLogsAndTraceId1765200000000 } from './1765200000000-task-logs-and-trace-id.js';
import { TaskTypeRegistry1765600000000 } from './1765600000000-task-type-registry.js';
import { TaskLease1765700000000 } from './1765700000000-task-lease.js';
import { WorkflowGraphs1765900000000 } from './1765900000000-workflow-graphs.js';
import { Schedules1766000000000 } from './1766000000000-schedules.js';
import { TenantsAndApiKeys1767000000000 } from './1767000000000-tenants-and-api-keys.js';
import { AuditLog1767000001000 } from './1767000001000-audit-log.js';
import { TaskNamesAndLabels1767100000000 } from './1767100000000-task-names-and-labels.js';
import { TaskTypePools1767200000000 } from './1767200000000-task-type-pools.js';
import { UsersAndSessions1767300000000 } from './1767300000000-users-and-sessions.js';
import { BulkOperationsAndParameterVersions1767400000000 } from './1767400000000-bulk-operations-and-parameter-versions.js';
import { Webhooks1767500000000 } from './1767500000000-webhooks.js';
import { TaskConcurrencyKey1767600000000 } from './1767600000000-task-concurrency-key.js';
import { TaskCounts1767700000000 } from './1767700000000-task-counts.js';
import { TaskLabelIndex1767800000000 } from './1767800000000-task-label-index.js';
import { CompletedAtCoveringIndex1767900000000 } from './1767900000000-completed-at-covering-index.js';

/** Every migration, oldest first. Listed explicitly: ESM builds cannot be globbed reliably. */
export const MIGRATIONS = [
  CreateTasks1764000000000,
  TaskManagement1764000001000,
  SearchAndStatsIndexes1764000002000,
  OpenTasksPerApiKey1764000003000,
  Workflows1764000004000,
  TaskArtifacts1764000005000,
  WorkflowRunApiKey1764000006000,
  WorkflowRunRetention1764000007000,
  TaskStatusGuard1765000000000,
  TaskLogsAndTraceId1765200000000,
  TaskTypeRegistry1765600000000,
  TaskLease1765700000000,
  WorkflowGraphs1765900000000,
  Schedules1766000000000,
  TenantsAndApiKeys1767000000000,
  AuditLog1767000001000,
  TaskNamesAndLabels1767100000000,
  TaskTypePools1767200000000,
  UsersAndSessions1767300000000,
  BulkOperationsAndParameterVersions1767400000000,
  Webhooks1767500000000,
  TaskConcurrencyKey1767600000000,
  TaskCounts1767700000000,
  TaskLabelIndex1767800000000,
  CompletedAtCoveringIndex1767900000000,
];
