import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { traceUrl } from '../../lib/config';
import { getParameterVersions, getTask, getTaskLogs } from '../../lib/data';
import { shortId } from '../../lib/format';
import { LiveTasks } from '../../lib/live-tasks';
import { ErrorState } from '../../ui/states';
import { TaskView } from '../../ui/task/task-view';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Task ${shortId((await params).id)}` };
}

export default async function TaskPage({ params }: { params: Params }) {
  const { id } = await params;
  const [task, logs, versions] = await Promise.all([getTask(id), getTaskLogs(id), getParameterVersions(id)]);
  if (!task.ok) {
    // 400 is a malformed id: for a person, as missing as an unknown one.
    if (task.status === 404 || task.status === 400) notFound();
    return <ErrorState title="Could not load the task" message={task.message} />;
  }
  return (
    <LiveTasks taskId={id} refreshOn="status">
      <TaskView
        task={task.data}
        logs={logs.ok ? { page: logs.data } : { error: logs.message }}
        versions={versions.ok ? versions.data.data : []}
        traceUrl={task.data.trace_id ? traceUrl(task.data.trace_id) : undefined}
      />
    </LiveTasks>
  );
}
