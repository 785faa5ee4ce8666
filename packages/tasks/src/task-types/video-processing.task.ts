import { z } from 'zod';
import { commonParameters, defineTaskType, sha256Checksum } from '../task-type.js';

/** Frame sizes of the supported output resolutions. */
export const VIDEO_RESOLUTIONS = {
  '480p': { width: 854, height: 480 },
  '720p': { width: 1280, height: 720 },
  '1080p': { width: 1920, height: 1080 },
  '2160p': { width: 3840, height: 2160 },
} as const;

export type VideoResolution = keyof typeof VIDEO_RESOLUTIONS;

const resolutionNames = Object.keys(VIDEO_RESOLUTIONS) as [VideoResolution, ...VideoResolution[]];

export const videoProcessingTask = defineTaskType({
  name: 'video_processing',
  // Encodes run on their own pool of workers (compose's worker-video), so they never fill the default one.
  queue: 'video',
  description:
    'Walks every frame of a `duration_s`-second clip at `fps` in one-second batches, reporting progress per batch, and returns the output metadata.',
  parameters: z.strictObject({
    ...commonParameters,
    duration_s: z.number().gt(0).max(14_400).default(10).describe('Length of the clip in seconds.'),
    fps: z.int().min(1).max(240).default(30).describe('Frames per second.'),
    resolution: z.enum(resolutionNames).default('720p').describe('Output resolution.'),
  }),
  result: z.strictObject({
    frames_processed: z.int().min(1),
    batches: z.int().min(1).describe('One-second batches the frames were walked in.'),
    output: z
      .strictObject({
        resolution: z.enum(resolutionNames),
        width: z.int().min(1),
        height: z.int().min(1),
        fps: z.int().min(1),
        duration_s: z.number().gt(0),
        codec: z.string().meta({ example: 'h264' }),
        bitrate_kbps: z.int().min(0).describe('Estimated bitrate.'),
        estimated_size_bytes: z.int().min(0),
        average_luma: z.number().min(0).max(255).describe('Mean brightness (luma) of every frame.'),
        checksum: sha256Checksum.describe('SHA-256 over every frame.'),
      })
      .describe('Metadata of the output clip.'),
  }),
  example: { processing_time: 5, duration_s: 60, fps: 30, resolution: '1080p' },
  // processing_time alone may take an hour; leave room for the work itself.
  defaultTimeoutS: 7200,
});
