export * from './task-status.js';
export * from './task-type.js';
export * from './task-types.registry.js';
export * from './task-parameters.js';
export * from './field-problems.js';
export { dataProcessingTask } from './task-types/data-processing.task.js';
export { defaultTask } from './task-types/default.task.js';
export { REPORT_FORMATS, reportGenerationTask } from './task-types/report-generation.task.js';
export { VIDEO_RESOLUTIONS, type VideoResolution, videoProcessingTask } from './task-types/video-processing.task.js';
