import { PageSkeleton, Skeleton } from '../ui/states';

export default function TasksLoading() {
  return (
    <PageSkeleton label="Loading the tasks…">
      <Skeleton className="mb-6 h-8 w-32" />
      <Skeleton className="mb-4 h-14 w-full max-w-md" />
      <div className="space-y-2">
        {Array.from({ length: 8 }, (_, index) => (
          <Skeleton key={index} className="h-14" />
        ))}
      </div>
    </PageSkeleton>
  );
}
