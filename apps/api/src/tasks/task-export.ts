import type { TaskEntity } from '@atropos/db';
import type { Logger } from '@nestjs/common';
import type { Response } from 'express';
import { presentTask } from './task.presenter.js';
import type { ExportFormat } from './task-export-format.js';
import { csvHeader, EXPORT_CONTENT_TYPES, exportLine } from './task-export-format.js';

/**
 * Writes an export to the response as its batches arrive, each written only once the client has
 * taken the one before (the socket's backpressure), so the API holds one batch at a time however
 * many tasks there are and however slowly the client reads. Stops querying when the client goes
 * away. Nothing is sent before the first batch is read: a database that fails at once still gets
 * its proper error answer; one that fails later aborts the transfer, so the client sees an
 * incomplete download rather than a file that looks whole.
 */
export async function streamExport(
  batches: AsyncIterable<TaskEntity[]>,
  format: ExportFormat,
  response: Response,
  logger: Logger,
): Promise<void> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  response
    .status(200)
    .setHeader('Content-Type', EXPORT_CONTENT_TYPES[format])
    .setHeader('Content-Disposition', `attachment; filename="tasks-${stamp}.${format}"`)
    .setHeader('Cache-Control', 'no-store');
  let started = false;
  let rows = 0;
  try {
    for await (const batch of batches) {
      if (!started && format === 'csv') response.write(csvHeader());
      started = true;
      // Line by line: small strings die young, where the garbage collector frees them at once,
      // instead of one string per batch that lives on until a full collection.
      for (const task of batch) {
        if (!(await writeWhenTaken(response, exportLine(format, presentTask(task))))) {
          logger.log(`Export stopped after ${rows} task(s): the client went away`);
          return;
        }
        rows++;
      }
    }
  } catch (error) {
    if (!started) throw error;
    logger.error(`Export aborted after ${rows} task(s): ${String(error)}`);
    response.destroy(error as Error);
    return;
  }
  response.end(started || format !== 'csv' ? undefined : csvHeader());
}

/** Writes the chunk; resolves once the socket can take more (true), or false when the client has gone. */
function writeWhenTaken(response: Response, chunk: string): Promise<boolean> {
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
