import type { TaskParameters, TaskTypeOf, TaskTypeName } from '@atropos/tasks';
import type { TaskContext } from '@atropos/worker';
import type { z } from 'zod';

export type { TaskContext } from '@atropos/worker';

/**
 * A handler receives validated parameters (defaults filled in) and returns its type's result, as
 * the type's result schema says (the runner checks it again before storing it).
 */
export type TaskHandler<Name extends TaskTypeName> = (
  parameters: TaskParameters<Name>,
  context: TaskContext,
) => Promise<z.input<NonNullable<TaskTypeOf<Name>['result']>>>;

/** One handler per task type: a definition without a handler does not compile. */
export type TaskHandlers = { readonly [Name in TaskTypeName]: TaskHandler<Name> };
