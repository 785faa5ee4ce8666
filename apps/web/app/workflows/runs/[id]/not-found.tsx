import Link from 'next/link';
import { EmptyState } from '../../../ui/states';

export default function WorkflowRunNotFound() {
  return (
    <EmptyState title="No workflow run has this id">
      <Link href="/workflows" className="text-brand hover:underline">
        Back to the workflows
      </Link>
    </EmptyState>
  );
}
