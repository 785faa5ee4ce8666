import { UnrecoverableTaskError } from './unrecoverable-task.error.js';

/**
 * An artifact the worker will not store (too big, or a name that is not a plain file name).
 * Unrecoverable: the next attempt would produce the same file.
 */
export class ArtifactRejectedError extends UnrecoverableTaskError {
  override name = 'ArtifactRejectedError';
}
