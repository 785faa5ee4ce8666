import type { Metadata } from 'next';
import { getTaskTypes } from '../../lib/data';
import { refusal } from '../../lib/session';
import { TaskForm } from '../../ui/new-task/task-form';
import { ErrorState, PageHeader } from '../../ui/states';

export const metadata: Metadata = { title: 'New task' };
export const dynamic = 'force-dynamic';

export default async function NewTaskPage({ searchParams }: { searchParams: Promise<{ type?: string | string[] }> }) {
  const { type } = await searchParams;
  const refused = await refusal('operator');
  if (refused) {
    return (
      <div className="max-w-3xl">
        <PageHeader title="New task" description="Choose a type and its parameters; the task's page then shows it run." />
        <ErrorState title="You may not create tasks" message={refused} />
      </div>
    );
  }
  const types = await getTaskTypes();
  return (
    <div className="max-w-3xl">
      <PageHeader title="New task" description="Choose a type and its parameters; the task's page then shows it run." />
      {types.ok ? (
        <TaskForm types={types.data} initialType={Array.isArray(type) ? type[0] : type} />
      ) : (
        <ErrorState title="The task types could not be loaded" message={types.message} />
      )}
    </div>
  );
}
