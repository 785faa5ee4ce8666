/** Longest artifact name: a file name, not a path. */
export const MAX_ARTIFACT_NAME_LENGTH = 200;

// Letters, digits, dot, dash and underscore, starting with a letter or digit: no slashes, no
// "..", nothing a Content-Disposition header or a file system could read as more than a name.
const ARTIFACT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Why `name` cannot name an artifact, or null when it can. */
export function artifactNameProblem(name: string): string | null {
  if (name.length === 0 || name.length > MAX_ARTIFACT_NAME_LENGTH) {
    return `must be 1 to ${MAX_ARTIFACT_NAME_LENGTH} characters long`;
  }
  if (!ARTIFACT_NAME.test(name) || name.includes('..')) {
    return 'must be a plain file name: letters, digits, ".", "-" and "_", starting with a letter or digit, without ".."';
  }
  return null;
}
