import { PageSkeleton, Skeleton } from '../ui/states';

export default function Loading() {
  return (
    <PageSkeleton label="Loading the schedules">
      <Skeleton className="h-40" />
      <Skeleton className="h-40" />
    </PageSkeleton>
  );
}
