'use client';

import type { CreateScheduleRequest, CreateTaskRequest, TaskType } from '@atropos/client';
import { useMemo, useState, useTransition } from 'react';
import type { ActionResult } from '../../lib/actions';
import { createSchedule, createTask } from '../../lib/actions';
import type { FormField } from '../../lib/task-form';
import { describeBounds, groupFields, toValue } from '../../lib/task-form';
import { Spinner } from '../action-button';

/** Options of every task, whatever its type (the API's CreateTaskRequest besides parameters). */
const RUN_FIELDS: FormField[] = [
  {
    name: 'priority',
    label: 'Priority',
    kind: 'integer',
    min: 1,
    max: 10,
    defaultValue: '5',
    required: false,
    description: '1 is the most urgent, 10 the least.',
  },
  {
    name: 'delay_ms',
    label: 'Delay (ms)',
    kind: 'integer',
    min: 0,
    max: 2_592_000_000,
    required: false,
    description: 'Run the task this many milliseconds from now (up to 30 days).',
  },
  {
    name: 'timeout_s',
    label: 'Timeout per attempt (s)',
    kind: 'integer',
    min: 1,
    max: 86_400,
    required: false,
    description: "An attempt running longer fails with a timeout error and is retried; the type's timeout when empty.",
  },
];

/** A schedule's own fields (the API's CreateScheduleRequest besides task_type and parameters). */
const SCHEDULE_FIELDS: FormField[] = [
  { name: 'name', label: 'Name', kind: 'text', maxLength: 64, required: true, description: 'Letters, digits, _, . or -; unique.' },
  {
    name: 'cron',
    label: 'Cron',
    kind: 'text',
    maxLength: 200,
    defaultValue: '0 * * * *',
    required: true,
    description: '"minute hour day month weekday", or 6 fields with seconds first.',
  },
  {
    name: 'timezone',
    label: 'Time zone',
    kind: 'text',
    maxLength: 64,
    defaultValue: 'UTC',
    required: false,
    description: 'IANA zone the cron reads its times in, e.g. Europe/Berlin.',
  },
  {
    name: 'priority',
    label: 'Priority',
    kind: 'integer',
    min: 1,
    max: 10,
    defaultValue: '5',
    required: false,
    description: "The tasks' priority: 1 is the most urgent.",
  },
  {
    name: 'overlap',
    label: 'Overlap',
    kind: 'choice',
    options: ['skip', 'allow', 'cancel_previous'],
    defaultValue: 'skip',
    required: false,
    description: 'When a slot comes while the previous task is unfinished.',
  },
  {
    name: 'catch_up',
    label: 'Catch up',
    kind: 'choice',
    options: ['none', 'latest', 'all'],
    defaultValue: 'none',
    required: false,
    description: 'Slots missed while no API was up.',
  },
];

/** What the form creates: a task (POST /tasks), or a schedule that creates such tasks (POST /schedules). */
export type FormKind = 'task' | 'schedule';

const KINDS = {
  task: {
    fields: RUN_FIELDS,
    group: 'Scheduling',
    submit: 'Create task',
    submitting: 'Creating…',
    failed: 'The task was not created',
    action: createTask,
  },
  schedule: {
    fields: SCHEDULE_FIELDS,
    group: 'Schedule',
    submit: 'Create schedule',
    submitting: 'Creating…',
    failed: 'The schedule was not created',
    action: createSchedule,
  },
} as const;

type Values = Record<string, string>;

function defaultsOf(fields: FormField[]): Values {
  return Object.fromEntries(fields.map((field) => [field.name, field.defaultValue ?? '']));
}

/**
 * The form for a new task (or a new schedule of such tasks), generated from the task types' JSON Schemas. Bounds are shown but
 * not enforced here: the API checks every field and its messages appear beside the field at
 * fault. On success the action redirects to the new task's page.
 */
export function TaskForm({ types, initialType, kind = 'task' }: { types: TaskType[]; initialType?: string; kind?: FormKind }) {
  const { fields: ownFields, group, submit: submitLabel, submitting, failed, action } = KINDS[kind];
  const [typeName, setTypeName] = useState(initialType && types.some((t) => t.name === initialType) ? initialType : (types[0]?.name ?? ''));
  const type = types.find((t) => t.name === typeName);
  const groups = useMemo(() => (type ? groupFields(type, types) : { own: [], shared: [] }), [type, types]);
  const [values, setValues] = useState<Values>(() => defaultsOf([...groups.own, ...groups.shared, ...ownFields]));
  const [result, setResult] = useState<ActionResult>({});
  const [pending, startTransition] = useTransition();

  const chooseType = (name: string) => {
    const next = types.find((t) => t.name === name);
    setTypeName(name);
    setResult({});
    if (next) {
      const { own, shared } = groupFields(next, types);
      // Keep what was typed in the shared fields; the type's own fields start from their defaults.
      setValues((current) => ({
        ...defaultsOf(own),
        ...Object.fromEntries(shared.map((f) => [f.name, current[f.name] ?? f.defaultValue ?? ''])),
        ...pickRun(ownFields, current),
      }));
    }
  };

  const submit = (event: React.SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parameters: Record<string, unknown> = {};
    for (const field of [...groups.own, ...groups.shared]) {
      const value = toValue(field, values[field.name] ?? '');
      if (value !== undefined) parameters[field.name.slice('parameters.'.length)] = value;
    }
    const request: Record<string, unknown> = { task_type: typeName, parameters };
    for (const field of ownFields) {
      const value = toValue(field, values[field.name] ?? '');
      if (value !== undefined) request[field.name] = value;
    }
    startTransition(async () => {
      // Only failures come back: success redirects to the new page, and the browser gets undefined.
      const answer = (await action(request as CreateTaskRequest & CreateScheduleRequest)) as ActionResult | undefined;
      setResult(answer ?? {});
      if (answer?.fieldErrors) {
        const first = Object.keys(answer.fieldErrors)[0];
        if (first) document.getElementById(fieldId(first))?.focus();
      }
    });
  };

  const fieldErrors = result.fieldErrors ?? {};
  const shown = new Set([...groups.own, ...groups.shared, ...ownFields].map((field) => field.name));
  const otherErrors = Object.entries(fieldErrors).filter(([field]) => !shown.has(field));
  const setValue = (name: string, value: string) => setValues((current) => ({ ...current, [name]: value }));

  return (
    <form onSubmit={submit} noValidate aria-describedby={result.error ? 'form-error' : undefined} className="space-y-6">
      {result.error ? (
        <div id="form-error" role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
          <p className="font-medium">{failed}</p>
          <p className="mt-1 break-words">{Object.keys(fieldErrors).length > 0 ? 'Fix the fields marked below.' : result.error}</p>
          {otherErrors.length > 0 ? (
            <ul className="mt-1 list-disc pl-5">
              {otherErrors.map(([field, message]) => (
                <li key={field}>
                  <code className="font-mono">{field}</code>: {message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <fieldset className="card p-4 sm:p-5">
        <legend className="sr-only">Task type</legend>
        <p aria-hidden="true" className="mb-3 font-semibold">
          Task type
        </p>
        <div className="grid gap-3 sm:grid-cols-2">
          {types.map((t) => (
            <label
              key={t.name}
              className={`flex cursor-pointer gap-3 rounded-md border p-3 has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-focus ${t.name === typeName ? 'border-brand bg-indigo-50/60 ring-1 ring-brand' : 'border-border hover:bg-slate-50'}`}
            >
              <input
                type="radio"
                name="task_type"
                value={t.name}
                checked={t.name === typeName}
                onChange={() => chooseType(t.name)}
                className="mt-1 accent-indigo-600"
              />
              <span className="min-w-0">
                <span className="block font-mono text-sm font-medium">{t.name}</span>
                <span className="mt-0.5 block text-xs text-muted">{t.description.replace(/`/g, '')}</span>
                <span className="mt-1 block text-xs text-muted" data-testid={`workers-${t.name}`}>
                  {t.kind === 'registered' ? 'registered by a worker · ' : t.kind === 'command' ? 'command · ' : ''}
                  {t.workers === 0 ? (
                    <span className="font-medium text-amber-800">no live worker</span>
                  ) : (
                    `${t.workers} live worker${t.workers === 1 ? '' : 's'}`
                  )}
                </span>
              </span>
            </label>
          ))}
        </div>
        {fieldErrors.task_type ? (
          <p className="mt-2 text-sm text-red-700" id={`${fieldId('task_type')}-error`}>
            {fieldErrors.task_type}
          </p>
        ) : null}
      </fieldset>

      {type?.note ? (
        <p role="note" data-testid="type-note" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          {type.note}
        </p>
      ) : null}
      {type?.conflict ? (
        <p role="note" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          {type.conflict.message}
        </p>
      ) : null}

      {type ? (
        <FieldGroup
          title="Parameters"
          fields={groups.own}
          values={values}
          errors={fieldErrors}
          onChange={setValue}
          empty="This type has no parameters of its own."
        />
      ) : null}
      <FieldGroup
        title="Simulation"
        description="Every type takes these: how long the work takes, and how many attempts fail on purpose."
        fields={groups.shared}
        values={values}
        errors={fieldErrors}
        onChange={setValue}
      />
      <FieldGroup title={group} fields={ownFields} values={values} errors={fieldErrors} onChange={setValue} />

      <div className="flex items-center gap-3">
        <button type="submit" className="btn-primary px-5" disabled={pending || !type}>
          {pending ? <Spinner /> : null}
          {pending ? submitting : submitLabel}
        </button>
        <button type="button" className="btn-secondary" onClick={() => chooseType(typeName)} disabled={pending}>
          Reset to defaults
        </button>
      </div>
    </form>
  );
}

function pickRun(fields: FormField[], values: Values): Values {
  return Object.fromEntries(fields.map((field) => [field.name, values[field.name] ?? field.defaultValue ?? '']));
}

/** The element id of a field: `parameters.record_count` → `field-parameters-record_count`. */
function fieldId(name: string): string {
  return `field-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function FieldGroup({
  title,
  description,
  fields,
  values,
  errors,
  onChange,
  empty,
}: {
  title: string;
  description?: string;
  fields: FormField[];
  values: Values;
  errors: Record<string, string>;
  onChange: (name: string, value: string) => void;
  empty?: string;
}) {
  if (fields.length === 0 && !empty) return null;
  return (
    <fieldset className="card p-4 sm:p-5">
      <legend className="sr-only">{title}</legend>
      <p aria-hidden="true" className="font-semibold">
        {title}
      </p>
      {description ? <p className="mt-0.5 text-sm text-muted">{description}</p> : null}
      {fields.length === 0 ? <p className="mt-2 text-sm text-muted">{empty}</p> : null}
      <div className="mt-4 grid gap-x-6 gap-y-5 sm:grid-cols-2">
        {fields.map((field) => (
          <Field
            key={field.name}
            field={field}
            value={values[field.name] ?? ''}
            error={errors[field.name]}
            onChange={(value) => onChange(field.name, value)}
          />
        ))}
      </div>
    </fieldset>
  );
}

function Field({ field, value, error, onChange }: { field: FormField; value: string; error?: string; onChange: (value: string) => void }) {
  const id = fieldId(field.name);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hintId, error ? errorId : null].filter(Boolean).join(' ');
  const common = {
    id,
    name: field.name,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    className: 'field-input mt-1',
  } as const;
  const bounds = describeBounds(field);
  return (
    <div className={field.kind === 'long-text' ? 'sm:col-span-2' : undefined}>
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={id} className="text-sm font-medium">
          {field.label}
          {field.required ? <span className="text-red-700"> (required)</span> : null}
        </label>
        {/* The name the API uses for this field, in its docs and its error messages. */}
        <code className="truncate font-mono text-[11px] text-muted">{field.name}</code>
      </div>
      {field.kind === 'choice' ? (
        <select {...common} value={value} onChange={(event) => onChange(event.target.value)}>
          {field.defaultValue === undefined ? <option value="">—</option> : null}
          {field.options?.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      ) : field.kind === 'long-text' ? (
        <textarea {...common} rows={3} value={value} onChange={(event) => onChange(event.target.value)} />
      ) : field.kind === 'boolean' ? (
        <select {...common} value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">—</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      ) : (
        <input
          {...common}
          type={field.kind === 'text' ? 'text' : 'number'}
          inputMode={field.kind === 'integer' ? 'numeric' : field.kind === 'number' ? 'decimal' : undefined}
          step={field.kind === 'integer' ? 1 : field.kind === 'number' ? 'any' : undefined}
          min={field.min}
          max={field.max}
          maxLength={field.maxLength}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      <p id={hintId} className="mt-1 text-xs text-muted">
        {[field.description, bounds].filter(Boolean).join(' ')}
        {bounds && !bounds.endsWith('.') ? '.' : ''}
      </p>
      {error ? (
        <p id={errorId} className="mt-1 text-sm font-medium text-red-700" data-field-error={field.name}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
