#!/usr/bin/env node
import { CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { ApiError, AtroposError, ValidationError } from '../errors.js';
import { fieldErrors } from './format.js';
import { UsageError } from './parameters.js';
import { buildProgram, EXIT } from './program.js';

/** `atropos`: see `atropos --help`. Exit codes are EXIT's: 0 done, 1 failed, 2 usage, 130 interrupted. */
const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

// `atropos … | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    throw error;
  });
}

const interrupt = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // A second Ctrl-C ends at once, whatever is still running.
    if (interrupt.signal.aborted) process.exit(EXIT.interrupted);
    interrupt.abort(new Error(`stopped by ${signal}`));
  });
}

const program = buildProgram(
  { stdout: process.stdout, stderr: process.stderr, env: process.env, interrupt: interrupt.signal, stdin: process.stdin },
  version,
);
/** An error on stderr: a line for people, or with --json `{"error": {…}}` (the API's error body when there is one). */
const fail = (message: string, error?: unknown) => {
  if (program.opts().json !== true) return void process.stderr.write(`atropos: ${message}\n`);
  const body = error instanceof ApiError ? error.body : { message };
  process.stderr.write(`${JSON.stringify({ error: body })}\n`);
};

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeFor(error);
}

function exitCodeFor(error: unknown): number {
  // Commander printed its message already; --help and --version end here too, with code 0.
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (interrupt.signal.aborted) return EXIT.interrupted;
  if (error instanceof UsageError) {
    fail(error.message, error);
    return EXIT.usage;
  }
  if (error instanceof ValidationError) {
    // The message joins the fields' messages: with fields, print them one a line instead.
    if (error.fields.length === 0) fail(error.message, error);
    else fail(`${error.operation} refused the input:\n${fieldErrors(error.fields)}`, error);
    return EXIT.usage;
  }
  if (error instanceof ApiError || error instanceof AtroposError) {
    fail(error.message, error);
    return EXIT.failed;
  }
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return EXIT.failed;
}
