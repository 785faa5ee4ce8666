/** A task definition that cannot be used: the message names the task type and what to fix. */
export class TaskDefinitionError extends Error {
  override name = 'TaskDefinitionError';
}
