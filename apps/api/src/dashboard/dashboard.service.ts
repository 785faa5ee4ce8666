import { Injectable } from '@nestjs/common';
import { HealthService } from '../health/health.service.js';
import { PoolsService } from '../queue/pools.service.js';
import { QueueControlService } from '../queue/queue-control.service.js';
import { StatsService } from '../stats/stats.service.js';
import { presentTaskStatus } from '../tasks/task.presenter.js';
import { TasksService } from '../tasks/tasks.service.js';
import { WorkflowRunsService } from '../workflows/workflow-runs.service.js';
import type { Dashboard, DashboardPart } from './dashboard.schemas.js';
import { DASHBOARD_RUNNING_TASKS } from './dashboard.schemas.js';

/**
 * Everything the web dashboard shows, read at once by the services of the routes that show each
 * part alone: one request instead of five plus one per running task.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly tasks: TasksService,
    private readonly stats: StatsService,
    private readonly health: HealthService,
    private readonly queue: QueueControlService,
    private readonly pools: PoolsService,
    private readonly runs: WorkflowRunsService,
  ) {}

  async read(tenant: string | null): Promise<Dashboard> {
    const errors: Dashboard['errors'] = {};
    const part = <T>(name: DashboardPart, read: Promise<T>): Promise<T | null> =>
      read.catch((error: unknown) => {
        errors[name] = error instanceof Error ? error.message : String(error);
        return null;
      });
    const [health, stats, queue, queues, pendingApprovals] = await Promise.all([
      this.health.check(),
      part('stats', this.stats.taskStats(tenant)),
      part('queue', this.queue.state()),
      part('queues', this.pools.list()),
      part('pending_approvals', this.runs.pendingApprovalList(tenant)),
    ]);
    const held = health.workers.live.flatMap((worker) => worker.active_task_ids).slice(0, DASHBOARD_RUNNING_TASKS);
    const running = await part(
      'running',
      this.tasks.getMany(held, tenant).then((tasks) => tasks.map(presentTaskStatus)),
    );
    return { stats, health, queue, queues, pending_approvals: pendingApprovals, running, errors };
  }
}
