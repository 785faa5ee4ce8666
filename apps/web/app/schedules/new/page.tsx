import type { Metadata } from 'next';
import { getTaskTypes } from '../../lib/data';
import { TaskForm } from '../../ui/new-task/task-form';
import { ErrorState, PageHeader } from '../../ui/states';

export const metadata: Metadata = { title: 'New schedule' };
export const dynamic = 'force-dynamic';

export default async function NewSchedulePage() {
  const types = await getTaskTypes();
  return (
    <div className="max-w-3xl">
      <PageHeader title="New schedule" description="A task of this type and these parameters is created at every slot of the cron." />
      {types.ok ? (
        <TaskForm types={types.data} kind="schedule" />
      ) : (
        <ErrorState title="The task types could not be loaded" message={types.message} />
      )}
    </div>
  );
}
