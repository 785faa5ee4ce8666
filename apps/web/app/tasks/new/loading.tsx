import { PageSkeleton, Skeleton } from '../../ui/states';

export default function NewTaskLoading() {
  return (
    <PageSkeleton label="Loading the task types…">
      <Skeleton className="mb-6 h-8 w-40" />
      <Skeleton className="mb-6 h-48 max-w-3xl" />
      <Skeleton className="h-64 max-w-3xl" />
    </PageSkeleton>
  );
}
