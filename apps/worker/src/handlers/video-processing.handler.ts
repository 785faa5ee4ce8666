import { createHash } from 'node:crypto';
import { VIDEO_RESOLUTIONS } from '@atropos/tasks';
import { Pacer } from './pacing.js';
import { seedFrom, seededRandom } from './seeded-random.js';
import type { TaskHandler } from './task-handler.js';

/** A common rule of thumb for H.264 at good quality; the estimate only needs to be plausible. */
const BITS_PER_PIXEL = 0.1;
/** Seconds between the simulated scene cuts, where the brightness jumps. */
const SCENE_LENGTH_S = 4;

const formatCount = (n: number) => n.toLocaleString('en-US');

/**
 * Simulates encoding a clip: walks every frame, one second of video per step, giving each a
 * pseudo luma (0–255) and folding it into a SHA-256 checksum of the whole clip.
 */
export const processVideo = (async (parameters, context) => {
  const { duration_s: durationS, fps, resolution, processing_time: processingTime } = parameters;
  const { width, height } = VIDEO_RESOLUTIONS[resolution];
  const pacer = new Pacer(processingTime, context.signal);
  const random = seededRandom(seedFrom(`${resolution}@${fps}`));
  const hash = createHash('sha256');
  // Any positive duration holds at least one frame.
  const frames = Math.max(1, Math.round(durationS * fps));
  const batches = Math.ceil(frames / fps);
  let lumaSum = 0;
  let sceneLuma = 0;
  let loggedTenth = 0;
  context.log.info(`Encoding ${formatCount(frames)} frames of ${resolution} at ${fps} fps`);

  for (let batch = 1; batch <= batches; batch++) {
    const first = (batch - 1) * fps;
    const lumas = new Uint8Array(Math.min(fps, frames - first));
    for (let i = 0; i < lumas.length; i++) {
      if ((first + i) % (SCENE_LENGTH_S * fps) === 0) sceneLuma = 40 + random() * 170;
      // Video-range luma (16–235): the scene's brightness plus a little grain.
      lumas[i] = Math.min(235, Math.max(16, Math.round(sceneLuma + (random() - 0.5) * 20)));
      lumaSum += lumas[i]!;
    }
    hash.update(lumas);
    await pacer.step(batch, batches);
    const encoded = first + lumas.length;
    context.progress((encoded / frames) * 100, `Encoded frame ${formatCount(encoded)} of ${formatCount(frames)}`);
    const tenth = Math.floor((encoded / frames) * 10);
    if (tenth > loggedTenth) {
      loggedTenth = tenth;
      context.log.info(`Encoded frame ${formatCount(encoded)} of ${formatCount(frames)}`);
    }
  }

  const bitrateKbps = Math.round((width * height * fps * BITS_PER_PIXEL) / 1000);
  return {
    frames_processed: frames,
    batches,
    output: {
      resolution,
      width,
      height,
      fps,
      duration_s: durationS,
      codec: 'h264',
      bitrate_kbps: bitrateKbps,
      estimated_size_bytes: Math.round(((bitrateKbps * 1000) / 8) * durationS),
      average_luma: Number((lumaSum / frames).toFixed(2)),
      checksum: `sha256:${hash.digest('hex')}`,
    },
  };
}) satisfies TaskHandler<'video_processing'>;
