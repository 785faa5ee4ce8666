import Link from 'next/link';
import { EmptyState } from '../../ui/states';

export default function TaskNotFound() {
  return (
    <EmptyState title="No task has this id">
      It may have been deleted, or removed by the retention sweep.{' '}
      <Link href="/tasks" className="text-brand hover:underline">
        Back to the tasks
      </Link>
    </EmptyState>
  );
}
