import { PageSkeleton, Skeleton } from '../ui/states';

export default function Loading() {
  return (
    <PageSkeleton label="Loading the audit log">
      <Skeleton className="h-12" />
      <Skeleton className="h-96" />
    </PageSkeleton>
  );
}
