'use client';

import Form from 'next/form';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useRef } from 'react';
import { TASK_STATUSES } from '../../lib/task-status';

/**
 * Status and type filters. They live in the URL (`/tasks?status=failed&type=report_generation`),
 * so a filtered list can be bookmarked and shared; changing one applies it at once.
 */
export function TaskFilters({ status, type, types }: { status?: string; type?: string; types: string[] }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  // Empty filters are left out of the URL; a new filter starts again from the first page.
  const submit = () => {
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(form.current ?? undefined)) if (value) query.set(name, String(value));
    router.push(query.size > 0 ? `/tasks?${query}` : '/tasks');
  };
  return (
    <Form ref={form} key={`${status}|${type}`} action="/tasks" className="mb-4 grid grid-cols-2 items-end gap-3 sm:flex sm:flex-wrap" aria-label="Filter tasks">
      <div>
        <label htmlFor="filter-status" className="block text-xs font-medium text-muted">
          Status
        </label>
        <select id="filter-status" name="status" defaultValue={status ?? ''} onChange={submit} className="field-input mt-1 sm:w-44">
          <option value="">All statuses</option>
          {TASK_STATUSES.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="filter-type" className="block text-xs font-medium text-muted">
          Type
        </label>
        <select id="filter-type" name="type" defaultValue={type ?? ''} onChange={submit} className="field-input mt-1 sm:w-52">
          <option value="">All types</option>
          {types.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </div>
      <noscript>
        <button type="submit" className="btn-secondary">
          Apply
        </button>
      </noscript>
      {status || type ? (
        <Link href="/tasks" className="btn col-span-2 justify-start px-0 text-brand hover:underline sm:px-3">
          Clear filters
        </Link>
      ) : null}
    </Form>
  );
}
