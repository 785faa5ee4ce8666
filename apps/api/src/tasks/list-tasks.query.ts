import type { TaskStatus } from '@atropos/tasks';
import { labelKeyProblem, MAX_TASK_LABELS, MAX_TASK_NAME_LENGTH, TASK_STATUSES } from '@atropos/tasks';
import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';
import { unstorableTextProblem } from '../common/storable-text.js';
import { EXPORT_FORMATS } from './task-export-format.js';

/** The string a quoted JSON value stands for, or undefined when the value is not one. */
function asJsonString(value: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The query of `GET /tasks`. Its fixed keys are declared below; besides them it takes up to
 * MAX_JSON_FILTERS keys `param.<key>` and `result.<key>`, matched on the task's parameters or
 * result by jsonb containment, and up to MAX_TASK_LABELS keys `label.<key>`, matched on its labels
 * the same way (see task-filters.ts). Any other key answers 400 naming it, as a strict object would.
 *
 * This file imports nothing from task.schemas.ts, which re-exports it: that keeps the two free of
 * an import cycle.
 */

/** Enough for any real search, few enough that one request cannot build a pathological filter. */
export const MAX_JSON_FILTERS = 5;

const JSON_FILTER_KEY = /^(param|result)\.(.*)$/s;
const JSON_KEY_PART = /^[A-Za-z0-9_-]{1,64}$/;
const LABEL_FILTER_KEY = /^label\.(.*)$/s;
const isOpenKey = (key: string) => JSON_FILTER_KEY.test(key) || LABEL_FILTER_KEY.test(key);

const statusList = z
  .string()
  .meta({ example: 'pending,retrying' })
  .describe(`One status, or several separated by commas (any of them matches): ${TASK_STATUSES.join(', ')}.`)
  .transform((value, ctx): TaskStatus[] => {
    const statuses = value.split(',').map((part) => part.trim());
    const unknown = statuses.filter((status) => !(TASK_STATUSES as readonly string[]).includes(status));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `${unknown.map((status) => JSON.stringify(status)).join(', ')} is not a status; valid statuses are ${TASK_STATUSES.join(', ')}`,
      });
      return z.NEVER;
    }
    return [...new Set(statuses as TaskStatus[])];
  });

const time = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 time with a zone, such as 2026-11-23T10:15:30Z' })
  .meta({ example: '2026-11-23T10:15:30Z' })
  .transform((value) => new Date(value));

/** The filters every query on the list takes (GET /tasks, its export), besides the open keys. */
const filterKeys = {
  status: statusList.optional(),
  // Checked against the catalog by the controller: configured types are only known at run time.
  task_type: z.string().min(1).max(64).optional().describe('Only tasks of this type (see GET /task-types).'),
  created_after: time.optional().describe('Only tasks created at or after this time.'),
  created_before: time.optional().describe('Only tasks created before this time.'),
  workflow_run_id: z.uuid({ error: 'must be a workflow run id (a UUID)' }).optional().describe('Only the step tasks of this workflow run.'),
  name: z
    .string()
    .trim()
    .min(1)
    .max(MAX_TASK_NAME_LENGTH)
    .superRefine((value, ctx) => {
      const problem = unstorableTextProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional()
    .describe('Only tasks whose name contains this text, in any case.'),
};

/** What the open keys become: `param.*`, `result.*` and `label.*` values, by key. */
interface OpenFilters {
  /** `param.<key>` values as the client sent them, by key. */
  parameters: Record<string, string>;
  /** `result.<key>` values as the client sent them, by key. */
  result: Record<string, string>;
  /** `label.<key>` values, by key: always strings, as labels are. */
  labels: Record<string, string>;
}

type FilterKeys = typeof filterKeys;

/** A query made of the list's filters and a route's own keys (`own`): the filters' checks, then the open keys gathered by column. */
export function taskFilterQuery<Own extends z.ZodRawShape>(own: Own) {
  const fixedKeys = { ...filterKeys, ...own };
  return (
    z
      .object(fixedKeys)
      // Values of the param.* / result.* keys; the keys themselves are checked below. A key given
      // twice arrives as an array and is refused here.
      .catchall(
        z
          .string()
          .max(1000)
          // Read as JSON when it is a quoted string (see task-filters.ts): `"\u0000"` or `"\ud800"` there
          // would reach jsonb, which holds neither, so the value as it will be matched is checked too.
          .superRefine((value, ctx) => {
            const problem = unstorableTextProblem(asJsonString(value) ?? value);
            if (problem) ctx.addIssue({ code: 'custom', message: problem });
          }),
      )
      .superRefine((query, ctx) => {
        const extra = Object.keys(query).filter((key) => !Object.hasOwn(fixedKeys, key));
        const unrecognised = extra.filter((key) => !isOpenKey(key));
        if (unrecognised.length > 0) ctx.addIssue({ code: 'unrecognized_keys', keys: unrecognised, input: query, path: [] });
        const filters = extra.filter((key) => JSON_FILTER_KEY.test(key));
        for (const key of filters) {
          const part = JSON_FILTER_KEY.exec(key)?.[2] ?? '';
          if (!JSON_KEY_PART.test(part)) {
            ctx.addIssue({
              code: 'custom',
              path: [key],
              message: `the key after "${key.slice(0, key.indexOf('.'))}." must be 1–64 letters, digits, _ or -`,
            });
          }
        }
        if (filters.length > MAX_JSON_FILTERS) {
          ctx.addIssue({
            code: 'custom',
            path: [filters[MAX_JSON_FILTERS]!],
            message: `at most ${MAX_JSON_FILTERS} param.* and result.* filters in one query; got ${filters.length}`,
          });
        }
        const labels = extra.filter((key) => LABEL_FILTER_KEY.test(key));
        for (const key of labels) {
          const problem = labelKeyProblem(key.slice('label.'.length));
          if (problem) ctx.addIssue({ code: 'custom', path: [key], message: `the key after "label." is not a label key: ${problem}` });
        }
        if (labels.length > MAX_TASK_LABELS) {
          ctx.addIssue({
            code: 'custom',
            path: [labels[MAX_TASK_LABELS]!],
            message: `at most ${MAX_TASK_LABELS} label.* filters in one query; got ${labels.length}`,
          });
        }
        if (query.created_after && query.created_before && query.created_after >= query.created_before) {
          ctx.addIssue({ code: 'custom', path: ['created_before'], message: 'must be later than created_after' });
        }
      })
      .transform((query): z.output<z.ZodObject<FilterKeys & Own>> & OpenFilters => {
        const parameters: Record<string, string> = {};
        const result: Record<string, string> = {};
        const labels: Record<string, string> = {};
        for (const [key, value] of Object.entries(query)) {
          const label = LABEL_FILTER_KEY.exec(key);
          if (label) labels[label[1]!] = value as string;
          const match = JSON_FILTER_KEY.exec(key);
          if (!match) continue;
          (match[1] === 'param' ? parameters : result)[match[2]!] = value as string;
        }
        const fixed = Object.fromEntries(Object.entries(query).filter(([key]) => Object.hasOwn(fixedKeys, key)));
        return { ...(fixed as z.output<z.ZodObject<FilterKeys & Own>>), parameters, result, labels };
      })
  );
}

/**
 * The fields of a task a page of `GET /tasks` leaves out unless asked for with `include`: they are
 * what can be large (parameters up to 64 KB, results of any size, an error per attempt), and a
 * list, polled by dashboards, rarely shows them. `GET /tasks/{id}` and the export always have them.
 */
export const LIST_OPTIONAL_FIELDS = ['parameters', 'result', 'attempt_errors'] as const;
export type ListOptionalField = (typeof LIST_OPTIONAL_FIELDS)[number];

const includeList = z
  .string()
  .meta({ example: 'parameters,result' })
  .describe(`Fields each task of the page also carries, separated by commas: ${LIST_OPTIONAL_FIELDS.join(', ')} (left out by default).`)
  .transform((value, ctx): ListOptionalField[] => {
    const fields = value.split(',').map((part) => part.trim());
    const unknown = fields.filter((field) => !(LIST_OPTIONAL_FIELDS as readonly string[]).includes(field));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `${unknown.map((field) => JSON.stringify(field)).join(', ')} cannot be included; the fields to include are ${LIST_OPTIONAL_FIELDS.join(', ')}`,
      });
      return z.NEVER;
    }
    return [...new Set(fields as ListOptionalField[])];
  });

export const listTasksQuery = taskFilterQuery({
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Page size, 1–100.'),
  cursor: z.string().max(200).optional().describe('`next_cursor` from the previous page.'),
  include: includeList.optional(),
});

export type ListTasksQuery = z.output<typeof listTasksQuery>;

/** `GET /tasks/export`: the list's filters, and the format instead of paging. */
export const exportTasksQuery = taskFilterQuery({
  format: z
    .enum(EXPORT_FORMATS)
    .default('csv')
    .describe('`csv`: one table with a header line; `jsonl`: one task per line, as GET /tasks/{id} shows it.'),
});

export type ExportTasksQuery = z.output<typeof exportTasksQuery>;

const jsonFilterDescription = (column: string) =>
  `Only tasks whose ${column} has this top-level key with this value (\`<key>\`: 1–64 letters, digits, _ or -). ` +
  'The value is read as JSON when it is a number, `true`, `false`, `null` or a quoted string, and as a plain ' +
  `string otherwise: \`${column === 'parameters' ? 'param.seed=42' : 'result.format=csv'}\`. ` +
  `Up to ${MAX_JSON_FILTERS} \`param.*\` and \`result.*\` keys in all; every one must match.`;

/**
 * Documents the `param.<key>` and `result.<key>` query keys, which the schema cannot list as
 * properties since their names are open. The other keys are documented from the schema.
 */
export function ApiTaskJsonFilters(): MethodDecorator {
  return applyDecorators(
    ApiQuery({
      name: 'param.<key>',
      required: false,
      description: jsonFilterDescription('parameters'),
      schema: { type: 'string', example: '42' },
    }),
    ApiQuery({
      name: 'result.<key>',
      required: false,
      description: jsonFilterDescription('result'),
      schema: { type: 'string', example: 'csv' },
    }),
    ApiQuery({
      name: 'label.<key>',
      required: false,
      description: `Only tasks with this label, exactly (\`label.project=beta\`). Up to ${MAX_TASK_LABELS} \`label.*\` keys; every one must match.`,
      schema: { type: 'string', example: 'beta' },
    }),
  );
}
