import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@atropos/testing';

const DIST = path.dirname(fileURLToPath(import.meta.url));

/**
 * One of the bench's own scripts (the ceiling's roles, the bare Nest app) as a child process, the
 * way @atropos/testing's AppProcess runs the api and the worker: its output kept, stopped by a
 * signal with a SIGKILL behind it.
 */
export class ScriptProcess {
  private output = '';
  private readonly exited: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.on('exit', () => resolve()));
  }

  static spawn(script: 'ceiling' | 'bare-nest' | 'sse-clients', env: Record<string, string>): ScriptProcess {
    const { NODE_OPTIONS: _ignored, ...inherited } = process.env;
    const child = spawn(process.execPath, [path.join(DIST, `${script}.js`)], {
      env: { ...inherited, NO_COLOR: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new ScriptProcess(script, child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get log(): string {
    return this.output;
  }

  isRunning(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends one line on the script's standard input. */
  send(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  async waitForLog(text: string, timeoutMs = 20_000, from = 0): Promise<void> {
    await waitFor(
      `${this.name} to print ${text}\n--- its output ---\n${this.output}`,
      () => {
        if (this.output.indexOf(text, from) >= 0) return true;
        if (!this.isRunning()) throw new Error(`${this.name} exited:\n${this.output}`);
        return false;
      },
      { timeoutMs, intervalMs: 10 },
    );
  }

  /** Sends a command and waits for the JSON line after `marker` that answers it. */
  async request<T>(line: string, marker: string, timeoutMs: number): Promise<T> {
    const from = this.output.length;
    this.send(line);
    await this.waitForLog(`${marker} `, timeoutMs, from);
    const start = this.output.indexOf(`${marker} `, from) + marker.length + 1;
    await waitFor(`${this.name} to finish its line`, () => this.output.indexOf('\n', start) >= 0, { intervalMs: 5 });
    return JSON.parse(this.output.slice(start, this.output.indexOf('\n', start))) as T;
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.isRunning()) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
