import { PageSkeleton, Skeleton } from '../ui/states';

export default function WorkflowsLoading() {
  return (
    <PageSkeleton label="Loading the workflows…">
      <Skeleton className="mb-6 h-8 w-40" />
      <Skeleton className="mb-8 h-40 w-full" />
      <div className="space-y-2">
        {Array.from({ length: 5 }, (_, index) => (
          <Skeleton key={index} className="h-12" />
        ))}
      </div>
    </PageSkeleton>
  );
}
