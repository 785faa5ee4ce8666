import { z } from 'zod';
import { healthSchema } from '../health/health.controller.js';
import { queueStateSchema } from '../queue/queue-control.controller.js';
import { poolSchema } from '../queue/queues.controller.js';
import { taskStatsSchema } from '../stats/stats.schemas.js';
import { taskStatusViewSchema } from '../tasks/task.schemas.js';
import { pendingApprovalListSchema } from '../workflows/workflow.schemas.js';

/** The tasks of the live workers shown with their progress, at most. */
export const DASHBOARD_RUNNING_TASKS = 50;

/** The parts of the dashboard that can fail on their own (health cannot: it reports what is down). */
export const DASHBOARD_PARTS = ['stats', 'queue', 'queues', 'pending_approvals', 'running'] as const;
export type DashboardPart = (typeof DASHBOARD_PARTS)[number];

/**
 * The answer of `GET /dashboard`: what the web dashboard shows, in one request, each part as the
 * route of its own answers it. A part that could not be read is null, and `errors` says why, so
 * the page still shows the others (as it did with one request per part).
 */
export const dashboardSchema = z
  .object({
    stats: taskStatsSchema.nullable().describe('As GET /tasks/stats answers it.'),
    health: healthSchema.describe('As GET /health answers a caller with a key (here with 200 even when something is down).'),
    queue: queueStateSchema.nullable().describe('As GET /queue answers it.'),
    queues: z.array(poolSchema).nullable().describe('As GET /queues answers it (its `data`).'),
    pending_approvals: pendingApprovalListSchema.nullable().describe('As GET /workflow-approvals answers it.'),
    running: z
      .array(taskStatusViewSchema)
      .nullable()
      .describe(
        `The status of the tasks the live workers hold (the first ${DASHBOARD_RUNNING_TASKS}), as GET /tasks/{id}/status answers ` +
          'each; tasks of other tenants and tasks deleted meanwhile are left out.',
      ),
    errors: z
      .partialRecord(z.enum(DASHBOARD_PARTS), z.string())
      .describe('Why each part that is null could not be read; empty when every part was.'),
  })
  .meta({ id: 'Dashboard' });

export type Dashboard = z.input<typeof dashboardSchema>;
