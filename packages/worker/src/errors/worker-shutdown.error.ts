/** The abort reason a handler sees when its worker stops before the task could finish. */
export class WorkerShutdownError extends Error {
  override name = 'WorkerShutdownError';

  constructor() {
    super('The worker is shutting down; the task goes back to the queue');
  }
}
