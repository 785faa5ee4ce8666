import { processData } from './data-processing.handler.js';
import { echo } from './default.handler.js';
import { generateReport } from './report-generation.handler.js';
import type { TaskHandlers } from './task-handler.js';
import { processVideo } from './video-processing.handler.js';

// Each task type registers its handler here with one line; a type without one fails to compile.
export const taskHandlers: TaskHandlers = {
  data_processing: processData,
  report_generation: generateReport,
  video_processing: processVideo,
  default: echo,
};
