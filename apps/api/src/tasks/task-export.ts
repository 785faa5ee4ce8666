import type { Logger } from '@nestjs/common';
import type { Response } from 'express';
import type { ExportFormat } from './task-export-format.js';
import { EXPORT_CONTENT_TYPES } from './task-export-format.js';

/**
 * Writes an export to the response as its bytes arrive, each chunk written only once the client
 * has taken the one before (the socket's backpressure), so the API holds a chunk at a time however
 * many tasks there are and however slowly the client reads. Stops reading when the client goes
 * away. Nothing is sent before the first chunk arrives: a query that fails at once still gets its
 * proper error answer; one that fails later aborts the transfer, so the client sees an incomplete
 * download rather than a file that looks whole.
 */
export async function streamExport(chunks: AsyncIterable<Buffer>, format: ExportFormat, response: Response, logger: Logger): Promise<void> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const answer = () =>
    response
      .status(200)
      .setHeader('Content-Type', EXPORT_CONTENT_TYPES[format])
      .setHeader('Content-Disposition', `attachment; filename="tasks-${stamp}.${format}"`)
      .setHeader('Cache-Control', 'no-store');
  let started = false;
  let bytes = 0;
  try {
    for await (const chunk of chunks) {
      if (!started) {
        answer();
        started = true;
      }
      if (!(await writeWhenTaken(response, chunk))) {
        logger.log(`Export stopped after ${bytes} bytes: the client went away`);
        return;
      }
      bytes += chunk.length;
    }
  } catch (error) {
    if (!started) throw error;
    logger.error(`Export aborted after ${bytes} bytes: ${String(error)}`);
    response.destroy(error as Error);
    return;
  }
  // No chunk at all: a JSON-lines export of nothing (a CSV one always has its header).
  if (!started) answer();
  response.end();
}

/** Writes the chunk; resolves once the socket can take more (true), or false when the client has gone. */
function writeWhenTaken(response: Response, chunk: Buffer): Promise<boolean> {
  if (response.destroyed) return Promise.resolve(false);
  if (response.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (taken: boolean) => () => {
      response.off('drain', onDrain);
      response.off('close', onClose);
      resolve(taken);
    };
    const onDrain = done(true);
    const onClose = done(false);
    response.once('drain', onDrain);
    response.once('close', onClose);
  });
}
