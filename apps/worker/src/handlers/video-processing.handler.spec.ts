import { describe, expect, it } from '@jest/globals';
import type { TaskParameters } from '@atropos/tasks';
import { fakeContext } from '@atropos/worker/testing';
import { processVideo } from './video-processing.handler.js';

type VideoParameters = TaskParameters<'video_processing'>;

const parameters = (overrides: Partial<VideoParameters> = {}): VideoParameters => ({
  processing_time: 0,
  fail_attempts: 0,
  duration_s: 60,
  fps: 30,
  resolution: '1080p',
  ...overrides,
});

describe('processVideo', () => {
  it('processes every frame and describes the output', async () => {
    const result = await processVideo(parameters(), fakeContext().context);

    expect(result).toMatchObject({
      frames_processed: 1800,
      batches: 60,
      output: { resolution: '1080p', width: 1920, height: 1080, fps: 30, duration_s: 60, codec: 'h264' },
    });
    const { bitrate_kbps, estimated_size_bytes, average_luma, checksum } = result.output;
    expect(bitrate_kbps).toBeGreaterThan(0);
    expect(estimated_size_bytes).toBe(Math.round((bitrate_kbps * 1000 * 60) / 8));
    expect(average_luma).toBeGreaterThanOrEqual(16);
    expect(average_luma).toBeLessThanOrEqual(235);
    expect(checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('needs a higher bitrate for a larger frame', async () => {
    const small = await processVideo(parameters({ resolution: '480p' }), fakeContext().context);
    const large = await processVideo(parameters({ resolution: '2160p' }), fakeContext().context);
    expect(small.output).toMatchObject({ width: 854, height: 480 });
    expect(large.output.bitrate_kbps).toBeGreaterThan(small.output.bitrate_kbps);
  });

  it('rounds a fractional duration to whole frames, the last batch short', async () => {
    const result = await processVideo(parameters({ duration_s: 2.5, fps: 24 }), fakeContext().context);
    expect(result).toMatchObject({ frames_processed: 60, batches: 3 });
  });

  it('gives the same output for the same parameters', async () => {
    const first = await processVideo(parameters(), fakeContext().context);
    expect(await processVideo(parameters(), fakeContext().context)).toEqual(first);
    const longer = await processVideo(parameters({ duration_s: 61 }), fakeContext().context);
    expect(longer.output.checksum).not.toBe(first.output.checksum);
  });

  it('reports progress per second of video, ending at 100', async () => {
    const { context, reports } = fakeContext();
    await processVideo(parameters({ duration_s: 2.5, fps: 24 }), context);

    expect(reports).toEqual([
      { percent: 40, message: 'Encoded frame 24 of 60' },
      { percent: 80, message: 'Encoded frame 48 of 60' },
      { percent: 100, message: 'Encoded frame 60 of 60' },
    ]);
  });

  it('rejects without working when the signal has already aborted', async () => {
    const { context, reports } = fakeContext(AbortSignal.abort(new Error('stopped')));
    await expect(processVideo(parameters(), context)).rejects.toThrow('stopped');
    expect(reports).toEqual([]);
  });

  it("stops with the signal's reason when it aborts mid-run", async () => {
    const controller = new AbortController();
    const reason = new Error('stopping');
    const { context, reports } = fakeContext(controller.signal);
    const running = processVideo(parameters(), {
      ...context,
      progress: (percent) => {
        reports.push({ percent });
        controller.abort(reason);
      },
    });

    await expect(running).rejects.toBe(reason);
    expect(reports).toHaveLength(1);
  });
});
