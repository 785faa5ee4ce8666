import { spawn } from 'node:child_process';
import { OutputLines } from './output-lines.js';
import { OutputTail } from './output-tail.js';
import type { ProgressLine } from './progress-line.js';
import { ProgressLineReader } from './progress-line.js';

/** How long a command gets to exit after SIGTERM before it is killed outright. */
export const KILL_GRACE_MS = 2_000;

export interface CommandRun {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** Tail kept of each of stdout and stderr. */
  maxOutputBytes: number;
  signal: AbortSignal;
  onProgress: (progress: ProgressLine) => void;
  /** Each line the command prints, as it prints it (the attempt's log). */
  onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
}

export interface CommandOutcome {
  exitCode: number | null;
  /** The signal that ended the command, when one did. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  truncated: { stdout: boolean; stderr: boolean };
  durationMs: number;
}

/** The command could not be started at all (not found, not executable, bad working directory). */
export class CommandStartError extends Error {
  override name = 'CommandStartError';
}

/**
 * Runs one command without a shell and waits for it to end. The command leads its own process
 * group, so that stopping it (signal aborted: cancel, timeout, shutdown) also stops whatever it
 * started: SIGTERM to the group, SIGKILL after KILL_GRACE_MS. Once the command itself has exited,
 * however it exited, the rest of its group is killed at once: a child it left behind would keep
 * running as the worker's user with nobody to stop it, could grow an output file while the worker
 * reads it, and, holding the pipes open, would keep the attempt from ever ending. Resolves once the
 * process has exited and its output is drained, whatever the exit code; rejects only when it could
 * not start.
 */
export function runCommand(run: CommandRun): Promise<CommandOutcome> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(run.file, run.args, {
        cwd: run.cwd,
        env: run.env,
        shell: false,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      reject(new CommandStartError(`Command ${JSON.stringify(run.file)} could not be started: ${(error as Error).message}`));
      return;
    }
    const stdout = new OutputTail(run.maxOutputBytes);
    const stderr = new OutputTail(run.maxOutputBytes);
    const progress = new ProgressLineReader(run.onProgress);
    const onLine = run.onLine;
    const outLines = onLine ? new OutputLines((line) => onLine('stdout', line)) : null;
    const errLines = onLine ? new OutputLines((line) => onLine('stderr', line)) : null;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      progress.push(chunk);
      outLines?.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      errLines?.push(chunk);
    });

    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      signalGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS);
    };
    if (run.signal.aborted) stop();
    else run.signal.addEventListener('abort', stop, { once: true });

    child.on('exit', () => signalGroup(child.pid, 'SIGKILL'));

    let failedToStart = false;
    child.on('error', (error: NodeJS.ErrnoException) => {
      failedToStart = true;
      run.signal.removeEventListener('abort', stop);
      const reason = error.code === 'ENOENT' ? 'not found (ENOENT)' : error.message;
      reject(new CommandStartError(`Command ${JSON.stringify(run.file)} could not be started in ${run.cwd}: ${reason}`));
    });
    child.on('close', (exitCode, signal) => {
      run.signal.removeEventListener('abort', stop);
      clearTimeout(killTimer);
      if (failedToStart) return;
      progress.end();
      outLines?.end();
      errLines?.end();
      resolve({
        exitCode,
        signal,
        stdout: stdout.text(),
        stderr: stderr.text(),
        truncated: { stdout: stdout.truncated, stderr: stderr.truncated },
        durationMs: Math.round(performance.now() - started),
      });
    });
  });
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
