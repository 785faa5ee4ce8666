import { PageSkeleton, Skeleton } from '../../ui/states';

export default function TaskLoading() {
  return (
    <PageSkeleton label="Loading the task…">
      <Skeleton className="mb-2 h-4 w-16" />
      <Skeleton className="mb-6 h-8 w-64" />
      <Skeleton className="mb-6 h-36" />
      <div className="grid gap-6 lg:grid-cols-2">
        <Skeleton className="h-56" />
        <Skeleton className="h-56" />
      </div>
    </PageSkeleton>
  );
}
