import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CommandTaskType } from '@atropos/tasks';
import { parseCommandTaskTypes } from '@atropos/tasks/config';
import { fakeContext } from '../testing/fake-context.js';
import { ArtifactRejectedError } from '../errors/artifact-rejected.error.js';
import { TaskTimeoutError } from '../errors/task-timeout.error.js';
import { UnrecoverableTaskError } from '../errors/unrecoverable-task.error.js';
import { runCommandTask } from './command.handler.js';

/** One command type as the loader would give it, with the loader's defaults. */
function commandType(entry: Record<string, unknown>): CommandTaskType {
  return parseCommandTaskTypes(JSON.stringify([{ name: 'test_type', description: 'A test.', ...entry }]), 'test')[0]!;
}

const node = (script: string, extra: Record<string, unknown> = {}) =>
  commandType({ command: process.execPath, args: ['-e', script], ...extra });

const environment = { env: { PATH: '/usr/bin:/bin', SECRET: 's3cret', ALLOWED: 'yes' }, artifactMaxBytes: 1000 };

describe('runCommandTask', () => {
  it('passes a parameter full of shell metacharacters as one plain argument', async () => {
    const text = `; rm -rf / && $(whoami) | > * \`id\` 'q' "d"`;
    const spec = commandType({
      command: 'printf',
      args: ['%s', '{text}'],
      parameters: { properties: { text: { type: 'string' } }, required: ['text'] },
    });
    const result = await runCommandTask(spec, { text }, fakeContext().context, environment);
    expect(result).toMatchObject({ exit_code: 0, stdout: text, stderr: '', truncated: { stdout: false, stderr: false } });
  });

  it('gives the command only the allowed variables and the ATROPOS_ ones', async () => {
    const spec = node('process.stdout.write(JSON.stringify(process.env))', { env: ['ALLOWED', 'NOT_SET'] });
    const { context } = fakeContext();
    const result = await runCommandTask(spec, {}, context, environment);
    const env = JSON.parse(result.stdout) as Record<string, string>;
    expect(Object.keys(env).sort()).toEqual(['ALLOWED', 'ATROPOS_ATTEMPT', 'ATROPOS_TASK_ID', 'ATROPOS_WORK_DIR']);
    expect(env).toMatchObject({ ALLOWED: 'yes', ATROPOS_TASK_ID: 'task-1', ATROPOS_ATTEMPT: '1' });
    // The fresh working directory is gone once the attempt is over.
    expect(existsSync(env['ATROPOS_WORK_DIR']!)).toBe(false);
  });

  it('reports progress lines and keeps only the tail of the output', async () => {
    const spec = node(
      `console.log('::progress:: 50 half'); console.log('x'.repeat(200)); console.error('e'.repeat(200)); console.log('::progress:: 100 done')`,
      { max_output_bytes: 64 },
    );
    const { context, reports } = fakeContext();
    const result = await runCommandTask(spec, {}, context, environment);
    expect(reports).toEqual([
      { percent: 50, message: 'half' },
      { percent: 100, message: 'done' },
    ]);
    expect(Buffer.byteLength(result.stdout)).toBe(64);
    expect(result.stdout.endsWith('::progress:: 100 done\n')).toBe(true);
    expect(result.stderr).toBe('e'.repeat(63) + '\n');
    expect(result.truncated).toEqual({ stdout: true, stderr: true });
  });

  it('fails with the exit code and the stderr tail', async () => {
    const spec = node(`console.error('disk full'); process.exit(3)`);
    await expect(runCommandTask(spec, {}, fakeContext().context, environment)).rejects.toThrow(
      'Command test_type exited with code 3; stderr: disk full',
    );
  });

  it('fails for good when the command does not exist', async () => {
    const missing = commandType({ command: 'no-such-command-anywhere' });
    await expect(runCommandTask(missing, {}, fakeContext().context, environment)).rejects.toThrow(UnrecoverableTaskError);
    const badPath = commandType({ command: '/nonexistent/tool' });
    const failure = runCommandTask(badPath, {}, fakeContext().context, environment);
    await expect(failure).rejects.toThrow(UnrecoverableTaskError);
    await expect(failure).rejects.toThrow('could not be started');
  });

  it('stops the command, and what it started, when the attempt is aborted', async () => {
    const abort = new AbortController();
    // The child ignores SIGTERM: only the SIGKILL after the grace stops it.
    const spec = node(`process.on('SIGTERM', () => {}); console.log('::progress:: 1 started'); setInterval(() => {}, 1000)`);
    const { context, reports } = fakeContext(abort.signal);
    const running = runCommandTask(spec, {}, context, environment);
    while (reports.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    abort.abort(new TaskTimeoutError(1));
    await expect(running).rejects.toThrow(TaskTimeoutError);
  });

  it('saves declared outputs as artifacts, byte for byte', async () => {
    const spec = node(`require('fs').writeFileSync('bytes.bin', Buffer.from(Array.from({ length: 256 }, (_, i) => i)))`, {
      outputs: [{ name: 'bytes.bin', content_type: 'application/octet-stream' }],
    });
    const { context, artifacts } = fakeContext();
    const result = await runCommandTask(spec, {}, context, environment);
    expect(result.artifacts).toEqual(['bytes.bin']);
    expect(artifacts.get('bytes.bin')).toEqual({
      content: Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
      contentType: 'application/octet-stream',
    });
  });

  it('fails when a declared output is missing or too big', async () => {
    const missing = node('', { outputs: [{ name: 'out.txt', content_type: 'text/plain' }] });
    await expect(runCommandTask(missing, {}, fakeContext().context, environment)).rejects.toThrow(
      'did not write its declared output "out.txt"',
    );
    const big = node(`require('fs').writeFileSync('out.txt', 'x'.repeat(1001))`, {
      outputs: [{ name: 'out.txt', content_type: 'text/plain' }],
    });
    await expect(runCommandTask(big, {}, fakeContext().context, environment)).rejects.toThrow(
      'Output "out.txt" is 1001 bytes, more than the 1000 bytes an artifact may have (ARTIFACT_MAX_BYTES)',
    );
  });

  it('runs each attempt in a directory of its own under a configured cwd, and removes it afterwards', async () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'atropos-base-'));
    try {
      const spec = node(
        `require('fs').writeFileSync('mine.txt', process.cwd()); setTimeout(() => process.stdout.write(process.cwd()), 200)`,
        {
          cwd: base,
          outputs: [{ name: 'mine.txt', content_type: 'text/plain' }],
        },
      );
      const first = fakeContext();
      const second = fakeContext();
      const [a, b] = await Promise.all([
        runCommandTask(spec, {}, first.context, environment),
        runCommandTask(spec, {}, { ...second.context, attempt: 2 }, environment),
      ]);
      expect(path.dirname(a.stdout)).toBe(base);
      expect(path.dirname(b.stdout)).toBe(base);
      expect(a.stdout).not.toBe(b.stdout);
      expect(path.basename(a.stdout)).toMatch(/^atropos-task-1-1-/);
      expect(path.basename(b.stdout)).toMatch(/^atropos-task-1-2-/);
      // Each attempt saved the file it wrote itself, never the other's.
      expect(first.artifacts.get('mine.txt')?.content.toString()).toBe(a.stdout);
      expect(second.artifacts.get('mine.txt')?.content.toString()).toBe(b.stdout);
      expect(readdirSync(base)).toEqual([]);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('refuses an output that is a symbolic link, and never saves what it points to', async () => {
    const spec = node(`require('fs').symlinkSync('/proc/self/environ', 'out.txt')`, {
      outputs: [{ name: 'out.txt', content_type: 'text/plain' }],
    });
    const { context, artifacts } = fakeContext();
    const failure = runCommandTask(spec, {}, context, environment);
    await expect(failure).rejects.toThrow(ArtifactRejectedError);
    await expect(failure).rejects.toThrow("is not a file of the attempt's directory");
    expect(artifacts.size).toBe(0);
  });

  it('refuses an output read through a working directory the command replaced by a link', async () => {
    // The command swaps its own directory for a link to /proc/self: "environ" would be the worker's.
    const spec = node(
      `const fs = require('fs'); const dir = process.cwd(); process.chdir('/'); fs.rmSync(dir, { recursive: true }); fs.symlinkSync('/proc/self', dir)`,
      {
        outputs: [{ name: 'environ', content_type: 'text/plain' }],
      },
    );
    const { context, artifacts } = fakeContext();
    await expect(runCommandTask(spec, {}, context, environment)).rejects.toThrow(ArtifactRejectedError);
    expect(artifacts.size).toBe(0);
  });

  it('refuses an output that is a FIFO without waiting for a writer', async () => {
    const spec = commandType({ command: 'mkfifo', args: ['out.txt'], outputs: [{ name: 'out.txt', content_type: 'text/plain' }] });
    await expect(runCommandTask(spec, {}, fakeContext().context, environment)).rejects.toThrow('is not a regular file');
  });

  it('kills what the command left running once it has exited, even with exit 0', async () => {
    // The child keeps the command's stdout open: without the kill, the attempt would wait 60 s for it.
    const spec = commandType({ command: 'sh', args: ['-c', 'sleep 60 & echo $!'], env: ['PATH'] });
    const started = performance.now();
    const result = await runCommandTask(spec, {}, fakeContext().context, environment);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(result.exit_code).toBe(0);
    expect(isRunning(Number(result.stdout.trim()))).toBe(false);
  });
});

/** Whether a process exists and is not a zombie waiting to be reaped. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
