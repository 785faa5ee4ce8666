'use client';

import Form from 'next/form';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { SubmitEvent } from 'react';
import { useRef } from 'react';
import type { TaskListFilters } from '../../lib/task-filters';
import { formText } from '../../lib/form-data';
import { filterQuery, localInputValue, tasksHref, zonedTime } from '../../lib/task-filters';
import { TASK_STATUSES } from '../../lib/task-status';

/**
 * The task list's filters. They live in the URL (`/tasks?status=failed,retrying&type=report_generation`),
 * so a filtered list can be bookmarked and shared. Statuses and type apply at once; times and the
 * parameter apply with "Apply" or Enter, as they are typed in several steps.
 */
export function TaskFilters({ filters, types }: { filters: TaskListFilters; types: string[] }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  // The form edits one `param.*` and one `label.*` filter; any other keyed filter in the URL is kept as is.
  const editedParam = filters.json.find(([key]) => key.startsWith('param.'));
  const editedLabel = filters.json.find(([key]) => key.startsWith('label.'));
  const kept = filters.json.filter((entry) => entry !== editedParam && entry !== editedLabel);

  // Empty filters are left out of the URL; a new filter starts again from the first page.
  const apply = () => {
    const data = new FormData(form.current ?? undefined);
    const statuses = data.getAll('status').map(String);
    const key = formText(data, 'param_key').trim();
    const value = formText(data, 'param_value');
    const labelKey = formText(data, 'label_key').trim();
    const labelValue = formText(data, 'label_value').trim();
    const query = filterQuery({
      statuses: TASK_STATUSES.filter((status) => statuses.includes(status)),
      type: formText(data, 'type') || undefined,
      createdAfter: zonedTime(formText(data, 'created_after')),
      createdBefore: zonedTime(formText(data, 'created_before')),
      // Not in the form: kept from the URL (the link from a workflow run's page).
      workflowRunId: filters.workflowRunId,
      name: formText(data, 'name').trim() || undefined,
      json: [
        ...(key ? [[`param.${key}`, value] as [string, string]] : []),
        ...(labelKey ? [[`label.${labelKey}`, labelValue] as [string, string]] : []),
        ...kept,
      ],
    });
    router.push(tasksHref(query));
  };
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    apply();
  };

  const filtered = filterQuery(filters).size > 0;
  return (
    <Form
      ref={form}
      key={filterQuery(filters).toString()}
      action="/tasks"
      onSubmit={onSubmit}
      aria-label="Filter tasks"
      className="mb-4 space-y-3 rounded-lg border border-border bg-surface p-3"
    >
      <div className="flex flex-col gap-3 lg:flex-row lg:items-end">
        <fieldset className="min-w-0 lg:flex-1">
          <legend className="text-xs font-medium text-muted">Status</legend>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {TASK_STATUSES.map((status) => (
              <label key={status} className="inline-flex min-h-8 items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  name="status"
                  value={status}
                  defaultChecked={filters.statuses.includes(status)}
                  onChange={apply}
                  className="size-4 accent-brand"
                />
                {status}
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <label htmlFor="filter-type" className="block text-xs font-medium text-muted">
            Type
          </label>
          <select id="filter-type" name="type" defaultValue={filters.type ?? ''} onChange={apply} className="field-input mt-1 lg:w-52">
            <option value="">All types</option>
            {types.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="grid grid-cols-2 items-end gap-3 sm:flex sm:flex-wrap">
        <div className="col-span-2 sm:col-span-1">
          <label htmlFor="filter-created-after" className="block text-xs font-medium text-muted">
            Created from
          </label>
          <input
            id="filter-created-after"
            type="datetime-local"
            name="created_after"
            defaultValue={localInputValue(filters.createdAfter)}
            className="field-input mt-1 sm:w-56"
          />
        </div>
        <div className="col-span-2 sm:col-span-1">
          <label htmlFor="filter-created-before" className="block text-xs font-medium text-muted">
            Created before
          </label>
          <input
            id="filter-created-before"
            type="datetime-local"
            name="created_before"
            defaultValue={localInputValue(filters.createdBefore)}
            className="field-input mt-1 sm:w-56"
          />
        </div>
        <div>
          <label htmlFor="filter-param-key" className="block text-xs font-medium text-muted">
            Parameter
          </label>
          <input
            id="filter-param-key"
            name="param_key"
            defaultValue={editedParam?.[0].slice('param.'.length) ?? ''}
            placeholder="seed"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            className="field-input mt-1 sm:w-40"
          />
        </div>
        <div>
          <label htmlFor="filter-param-value" className="block text-xs font-medium text-muted">
            Equals
          </label>
          <input
            id="filter-param-value"
            name="param_value"
            defaultValue={editedParam?.[1] ?? ''}
            placeholder="42"
            aria-describedby="filter-param-hint"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            className="field-input mt-1 sm:w-40"
          />
        </div>
        <div className="col-span-2 sm:col-span-1">
          <label htmlFor="filter-name" className="block text-xs font-medium text-muted">
            Name contains
          </label>
          <input
            id="filter-name"
            type="search"
            name="name"
            defaultValue={filters.name ?? ''}
            placeholder="invoice"
            className="field-input mt-1 sm:w-48"
          />
        </div>
        <div>
          <label htmlFor="filter-label-key" className="block text-xs font-medium text-muted">
            Label
          </label>
          <input
            id="filter-label-key"
            name="label_key"
            defaultValue={editedLabel?.[0].slice('label.'.length) ?? ''}
            placeholder="project"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            className="field-input mt-1 sm:w-36"
          />
        </div>
        <div>
          <label htmlFor="filter-label-value" className="block text-xs font-medium text-muted">
            Is
          </label>
          <input
            id="filter-label-value"
            name="label_value"
            defaultValue={editedLabel?.[1] ?? ''}
            placeholder="beta"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            className="field-input mt-1 sm:w-36"
          />
        </div>
        <div className="col-span-2 flex items-center gap-3">
          <button type="submit" className="btn-secondary">
            Apply
          </button>
          {filtered ? (
            <Link href="/tasks" className="text-sm text-brand hover:underline">
              Clear filters
            </Link>
          ) : null}
        </div>
        {kept.map(([key, value]) => (
          <input key={key} type="hidden" name={key} value={value} />
        ))}
        {filters.workflowRunId ? <input type="hidden" name="workflow_run_id" value={filters.workflowRunId} /> : null}
      </div>
      <p id="filter-param-hint" className="text-xs text-muted">
        Times are in your time zone. A parameter&apos;s value is read as JSON when it is one (<code>42</code>, <code>true</code>,{' '}
        <code>&quot;42&quot;</code> for the text).
      </p>
    </Form>
  );
}
