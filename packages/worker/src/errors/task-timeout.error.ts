/** The abort reason, and the recorded error, of an attempt that ran past its task's timeout. */
export class TaskTimeoutError extends Error {
  override name = 'TaskTimeoutError';

  constructor(timeoutS: number) {
    super(`Timed out: the attempt ran longer than the task's timeout of ${timeoutS} s`);
  }
}
