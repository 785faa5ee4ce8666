import Link from 'next/link';
import { labelHref } from '../lib/task-filters';

/** A task's labels as `key: value` chips, each a link to the tasks that carry the same label. */
export function LabelChips({ labels }: { labels: Record<string, string> | undefined }) {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return null;
  return (
    <ul aria-label="Labels" className="mt-1 flex flex-wrap gap-1">
      {entries.map(([key, value]) => (
        <li key={key}>
          <Link
            href={labelHref(key, value)}
            title={`Tasks labelled ${key}: ${value}`}
            className="inline-block max-w-48 truncate rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-200"
          >
            {key}: {value}
          </Link>
        </li>
      ))}
    </ul>
  );
}
