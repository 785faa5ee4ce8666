import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.js';

/** How long startApi and startWorker wait for a process to say it is ready. */
const STARTUP_TIMEOUT_MS = 60_000;

/** The monorepo root: the nearest folder above this file that holds turbo.json. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'turbo.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('turbo.json not found above packages/testing');
    dir = parent;
  }
  return dir;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * An app started exactly as README and the containers start it: `node dist/main.js` for the api
 * and the worker, `next start` (the built app in apps/web/.next) for the web.
 */
export class AppProcess {
  private output = '';
  /** How the process ended: an exit code, or the signal that ended it (Nest re-raises SIGTERM after a clean shutdown). */
  readonly exited: Promise<ProcessExit>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  static spawn(app: 'api' | 'worker' | 'web', env: Record<string, string>): AppProcess {
    const { NODE_OPTIONS: _jestVmModules, ...inherited } = process.env;
    const appDir = path.join(repoRoot(), 'apps', app);
    const args =
      app === 'web'
        ? [createRequire(path.join(appDir, 'package.json')).resolve('next/dist/bin/next'), 'start', '-p', env.WEB_PORT ?? '3000']
        : [path.join(appDir, 'dist', 'main.js')];
    const child = spawn(process.execPath, args, {
      // next start serves the app in its working directory; the api and worker need none.
      cwd: app === 'web' ? appDir : undefined,
      env: { ...inherited, NO_COLOR: '1', NEXT_TELEMETRY_DISABLED: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new AppProcess(app, child);
  }

  /**
   * Any Node program run as a process of its own, with the same output capture and stop as the
   * apps: e.g. a project's `atropos-worker` command in a scratch directory.
   */
  static node(name: string, args: string[], env: Record<string, string>, cwd?: string): AppProcess {
    const { NODE_OPTIONS: _jestVmModules, ...inherited } = process.env;
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...inherited, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new AppProcess(name, child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Everything the process printed, for assertions and for failure messages. */
  get log(): string {
    return this.output;
  }

  isRunning(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async waitForLog(text: string | RegExp, timeoutMs = 15_000): Promise<void> {
    await waitFor(
      `${this.name} to print ${String(text)}\n--- its output ---\n${this.output}`,
      () => {
        if (!this.isRunning()) throw new Error(`${this.name} exited:\n${this.output}`);
        return typeof text === 'string' ? this.output.includes(text) : text.test(this.output);
      },
      { timeoutMs },
    );
  }

  /** Sends `signal` and waits for the exit; SIGKILL after `timeoutMs` so a test never hangs. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<ProcessExit> {
    if (!this.isRunning()) return this.exited;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningApi {
  process: AppProcess;
  baseUrl: string;
}

/** Starts the API on a free port and waits until it listens. */
export async function startApi(env: Record<string, string>): Promise<RunningApi> {
  const port = await freePort();
  const api = AppProcess.spawn('api', { HOST: '127.0.0.1', ...env, PORT: String(port) });
  // Generous: on a loaded two-core machine a cold start (Nest, migrations) can take well over 15 s.
  await api.waitForLog('Listening on', STARTUP_TIMEOUT_MS);
  return { process: api, baseUrl: `http://127.0.0.1:${port}` };
}

/** Starts a worker and waits until it takes jobs. */
export async function startWorker(env: Record<string, string>): Promise<AppProcess> {
  const worker = AppProcess.spawn('worker', env);
  await worker.waitForLog('takes tasks', STARTUP_TIMEOUT_MS);
  return worker;
}

export interface RunningWeb {
  process: AppProcess;
  baseUrl: string;
}

/** Starts the built web UI (`next start`) on a free port, talking to the API at `apiUrl`. */
export async function startWeb(apiUrl: string, env: Record<string, string> = {}): Promise<RunningWeb> {
  const port = await freePort();
  const web = AppProcess.spawn('web', { ...env, API_URL: apiUrl, WEB_PORT: String(port) });
  await web.waitForLog('Ready in', 30_000);
  return { process: web, baseUrl: `http://127.0.0.1:${port}` };
}
