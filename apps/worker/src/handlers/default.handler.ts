import { Pacer } from './pacing.js';
import type { TaskHandler } from './task-handler.js';

/** Progress reports: about one a second, but at least a few for short waits and at most 100 for long ones. */
const MIN_STEPS = 4;
const MAX_STEPS = 100;

/** Waits `processing_time` seconds, reporting progress as it goes, and echoes `message` back. */
export const echo = (async (parameters, context) => {
  const { processing_time: processingTime } = parameters;
  const pacer = new Pacer(processingTime, context.signal);
  const steps = Math.min(MAX_STEPS, Math.max(MIN_STEPS, Math.ceil(processingTime)));
  // A wait of a second or more tells its log how it goes; a shorter one has nothing worth a line.
  const talks = processingTime >= 1;
  if (talks) context.log.info(`Waiting ${processingTime} s in ${steps} steps`);
  for (let step = 1; step <= steps; step++) {
    await pacer.step(step, steps);
    const waited = ((step / steps) * processingTime).toFixed(1);
    context.progress((step / steps) * 100, `Waited ${waited} of ${processingTime} s`);
    if (talks) context.log.info(`Waited ${waited} of ${processingTime} s`, { step, steps });
  }
  return { message: parameters.message ?? null };
}) satisfies TaskHandler<'default'>;
