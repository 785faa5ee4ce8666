import type { TaskParameters, TaskTypeName } from '@atropos/tasks';
import type { TaskContext } from '@atropos/worker';

export type { TaskContext } from '@atropos/worker';

/** A handler receives validated parameters (defaults filled in) and returns a JSON-serialisable result. */
export type TaskHandler<Name extends TaskTypeName> = (
  parameters: TaskParameters<Name>,
  context: TaskContext,
) => Promise<unknown>;

/** One handler per task type: a definition without a handler does not compile. */
export type TaskHandlers = { readonly [Name in TaskTypeName]: TaskHandler<Name> };
