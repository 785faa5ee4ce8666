import { mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CommandResult, CommandTaskType } from '@atropos/tasks';
import { buildCommandArgs } from '@atropos/tasks';
import { UnrecoverableTaskError } from '../errors/unrecoverable-task.error.js';
import type { TaskContext } from '../runner/task-context.js';
import { MissingOutputError, readOutputFile } from './read-output.js';
import { resolveExecutable } from './resolve-executable.js';
import { CommandStartError, runCommand } from './run-command.js';

/** How much of stderr an error message quotes; the whole tail stays in the logs of the attempt. */
const ERROR_STDERR_CHARS = 2_000;

export interface CommandEnvironment {
  /** The worker's own environment: the allow-list of each type picks from it. */
  env: NodeJS.ProcessEnv;
  /** Largest artifact; a declared output bigger than this fails the attempt. */
  artifactMaxBytes: number;
}

/**
 * The one handler of every configured command type: builds the argv from the validated
 * parameters, runs the command in its working directory with only the allowed environment, and
 * turns its exit into the attempt's outcome. Exit code 0 completes the task, after the declared
 * output files are saved as artifacts; anything else fails the attempt (normal retries).
 */
export async function runCommandTask(
  spec: CommandTaskType,
  parameters: Record<string, unknown>,
  context: TaskContext,
  environment: CommandEnvironment,
): Promise<CommandResult> {
  const file = resolveExecutable(spec.command, environment.env['PATH']);
  if (!file) {
    throw new UnrecoverableTaskError(
      `Command ${JSON.stringify(spec.command)} of task type ${spec.name} was not found on the worker's PATH`,
    );
  }
  const workDir = await createWorkDir(spec, context);
  try {
    const outcome = await runCommand({
      file,
      args: buildCommandArgs(spec.args, parameters),
      cwd: workDir,
      env: commandEnv(spec, environment.env, context, workDir),
      maxOutputBytes: spec.max_output_bytes,
      signal: context.signal,
      onProgress: ({ percent, message }) => context.progress(percent, message),
      // stdout lines are the command's info, stderr lines its warnings, in the attempt's log.
      onLine: (stream, line) => (stream === 'stdout' ? context.log.info(line, { stream }) : context.log.warn(line, { stream })),
    }).catch((error: unknown) => {
      throw error instanceof CommandStartError ? new UnrecoverableTaskError(error.message) : error;
    });
    // Stopped on purpose (cancel, timeout, shutdown): the runner records why from the signal.
    if (context.signal.aborted) throw context.signal.reason;
    if (outcome.exitCode !== 0) {
      const how = outcome.exitCode === null ? `was killed by ${outcome.signal ?? 'a signal'}` : `exited with code ${outcome.exitCode}`;
      const tail = outcome.stderr.trim().slice(-ERROR_STDERR_CHARS);
      throw new Error(`Command ${spec.name} ${how}${tail ? `; stderr: ${tail}` : ' (no stderr)'}`);
    }
    const artifacts = await saveOutputs(spec, workDir, context, environment.artifactMaxBytes);
    return {
      exit_code: 0,
      stdout: outcome.stdout,
      stderr: outcome.stderr,
      truncated: outcome.truncated,
      duration_ms: outcome.durationMs,
      artifacts,
    };
  } finally {
    // Whatever the command left there (a link included: rm removes the link, not its target).
    await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * A directory of the attempt's own, always: under the type's `cwd` when it has one, else under
 * the system's temporary directory. Two attempts running at once (a retry overlapping a stalled
 * one, two tasks of one type) never share files, and an attempt never reads outputs an earlier one
 * left. Returned as its real path, against which the outputs are checked.
 */
async function createWorkDir(spec: CommandTaskType, context: TaskContext): Promise<string> {
  const base = spec.cwd ?? os.tmpdir();
  try {
    return await realpath(await mkdtemp(path.join(base, `atropos-${context.taskId}-${context.attempt}-`)));
  } catch (error) {
    throw new UnrecoverableTaskError(
      `Command ${spec.name}: no working directory could be made under ${base} (its cwd): ${(error as Error).message}`,
    );
  }
}

/** Only the allow-listed variables, plus where and for which task the command runs. */
function commandEnv(spec: CommandTaskType, env: NodeJS.ProcessEnv, context: TaskContext, workDir: string) {
  const passed: Record<string, string> = {};
  for (const name of spec.env) {
    const value = env[name];
    if (value !== undefined) passed[name] = value;
  }
  return {
    ...passed,
    ATROPOS_TASK_ID: context.taskId,
    ATROPOS_ATTEMPT: String(context.attempt),
    ATROPOS_WORK_DIR: workDir,
  };
}

async function saveOutputs(spec: CommandTaskType, workDir: string, context: TaskContext, maxBytes: number) {
  const saved: string[] = [];
  for (const output of spec.outputs) {
    const content = await readOutputFile(workDir, output.name, maxBytes).catch((error: unknown) => {
      throw error instanceof MissingOutputError ? new Error(`Command ${spec.name} exited 0 but ${error.message}`) : error;
    });
    await context.saveArtifact(output.name, content, output.content_type);
    saved.push(output.name);
  }
  return saved;
}
