import { describe, expect, it } from '@jest/globals';
import { realpathSync } from 'node:fs';
import { ArtifactRejectedError } from '../errors/artifact-rejected.error.js';
import { readOutputFile } from './read-output.js';

describe('readOutputFile', () => {
  it('stops reading past the limit, whatever size the file reports', async () => {
    // /proc files say they are 0 bytes long: a size check alone would let the whole file through.
    const proc = realpathSync('/proc/self');
    const read = readOutputFile(proc, 'environ', 10);
    await expect(read).rejects.toThrow(ArtifactRejectedError);
    await expect(read).rejects.toThrow('Output "environ" is more than the 10 bytes an artifact may have');
  });
});
