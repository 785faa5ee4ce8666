/** The abort reason a handler sees when someone cancels its task. */
export class TaskCancelledError extends Error {
  override name = 'TaskCancelledError';

  constructor() {
    super('The task was cancelled');
  }
}
