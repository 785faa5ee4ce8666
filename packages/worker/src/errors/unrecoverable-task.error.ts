/**
 * A failure that another attempt cannot fix (invalid parameters, unknown task type, a result its
 * type's schema refuses). The runner marks the task `failed` at once instead of spending its
 * retries.
 */
export class UnrecoverableTaskError extends Error {
  override name = 'UnrecoverableTaskError';
}
