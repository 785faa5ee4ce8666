import Link from 'next/link';
import { EmptyState } from './ui/states';

export default function NotFound() {
  return (
    <EmptyState title="This page does not exist">
      <Link href="/" className="text-brand hover:underline">
        Go to the dashboard
      </Link>
    </EmptyState>
  );
}
