import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { lstat, open, realpath } from 'node:fs/promises';
import path from 'node:path';
import { ArtifactRejectedError } from '../errors/artifact-rejected.error.js';

/** Read size of an output file; also the most it reads past the limit before it gives up. */
const READ_CHUNK_BYTES = 64 * 1024;

/** The declared output file is not there: the command did not do its job (an ordinary failure). */
export class MissingOutputError extends Error {
  override name = 'MissingOutputError';
}

/**
 * Reads a declared output file of a command, which is untrusted: the command may have left a
 * symbolic link there (`out.txt -> /proc/self/environ` would save the worker's own environment,
 * database password included), a FIFO (an open that never returns), a device, or replaced its
 * whole working directory by a link elsewhere. So the file is read only when
 * - its real path is `<the attempt's directory, as created>/<name>` (no link anywhere on the way),
 * - it is opened with O_NOFOLLOW (a link swapped in after that check fails the open) and
 *   O_NONBLOCK (a FIFO cannot hold the open), and the opened file is the one checked (same inode),
 * - it is a regular file, read through a bounded loop that stops past `maxBytes` whatever size the
 *   file reports (a /proc file says 0 and can be endless).
 *
 * `workDir` is the real path of the attempt's directory, taken when the worker created it.
 */
export async function readOutputFile(workDir: string, name: string, maxBytes: number): Promise<Buffer> {
  const expected = path.join(workDir, name);
  const before = await lstat(expected).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  });
  if (!before) throw new MissingOutputError(`did not write its declared output ${JSON.stringify(name)} in ${workDir}`);
  const real = await realpath(expected).catch(() => null);
  if (before.isSymbolicLink() || real !== expected) {
    throw new ArtifactRejectedError(
      `Output ${JSON.stringify(name)} is not a file of the attempt's directory ${workDir} (a symbolic link, or a directory replaced by one); it was not read`,
    );
  }
  let handle: FileHandle;
  try {
    handle = await open(expected, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new ArtifactRejectedError(`Output ${JSON.stringify(name)} became a symbolic link; it was not read`);
    if (code === 'ENOENT') throw new MissingOutputError(`did not write its declared output ${JSON.stringify(name)} in ${workDir}`);
    throw error;
  }
  try {
    const info = await handle.stat();
    if (info.ino !== before.ino || info.dev !== before.dev) {
      throw new ArtifactRejectedError(`Output ${JSON.stringify(name)} was replaced while it was being opened; it was not read`);
    }
    if (!info.isFile()) {
      throw new ArtifactRejectedError(
        `Output ${JSON.stringify(name)} is not a regular file (a directory, FIFO, socket or device); it was not read`,
      );
    }
    // Checked before reading, so a runaway output file is never loaded; the loop below holds even
    // when the size lies.
    if (info.size > maxBytes) throw tooBig(name, info.size, maxBytes);
    return await readAtMost(handle, name, maxBytes);
  } finally {
    await handle.close();
  }
}

async function readAtMost(handle: FileHandle, name: string, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, maxBytes + 1 - total));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    total += bytesRead;
    if (total > maxBytes) throw tooBig(name, null, maxBytes);
    chunks.push(buffer.subarray(0, bytesRead));
  }
}

function tooBig(name: string, size: number | null, maxBytes: number): ArtifactRejectedError {
  const what = size === null ? 'more' : `${size} bytes, more`;
  return new ArtifactRejectedError(
    `Output ${JSON.stringify(name)} is ${what} than the ${maxBytes} bytes an artifact may have (ARTIFACT_MAX_BYTES)`,
  );
}
