import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@atropos/testing';
import type { ApiError, TaskDetail } from './platform.js';
import { Platform } from './platform.js';

/** The result of a command task type, as README's example shows it. */
interface CommandResult {
  exit_code: number;
  stdout: string;
  stderr: string;
  truncated: { stdout: boolean; stderr: boolean };
  artifacts: unknown[];
}

/**
 * README's worked example of command task types, run as README shows it: the requests are read
 * from README (the `-d '…'` bodies of its curl commands), the API and the worker use the shipped
 * config/task-types.json (no CONFIG_DIR), and the answers must match what README prints.
 */
const readme = readFileSync(path.join(repoRoot(), 'README.md'), 'utf8');
const example = readme.split('\n### Worked example\n')[1]?.split('\n## ')[0] ?? '';
const bodies = [...example.matchAll(/ -d '([^']+)'/g)].map((match) => JSON.parse(match[1]!) as Record<string, unknown>);

let platform: Platform;

beforeAll(async () => {
  platform = await Platform.start();
  await platform.startWorker();
});

afterAll(async () => {
  await platform?.stop();
});

/** README shows answers as compact JSON; each fragment given must appear in it as it is. */
const expectReadmeToShow = (fragment: string) => expect(example).toContain(fragment);

describe("README's worked example of command task types", () => {
  it('has the three requests this test runs', () => {
    expect(bodies.map((body) => body.task_type)).toEqual(['echo_text', 'random_bytes', 'random_bytes']);
  });

  it('echo_text prints the text exactly as sent, shell metacharacters and all', async () => {
    const created = await platform.createTask(bodies[0]!.task_type as string, bodies[0]!.parameters as Record<string, unknown>);
    expectReadmeToShow(
      `"task_type":"echo_text","status":"pending","parameters":${JSON.stringify(created.parameters)},"timeout_s":${created.timeout_s}`,
    );
    await platform.waitForStatus(created.id, ['completed', 'failed']);
    const { body } = await platform.getJson<{ status: string; result: CommandResult }>(`/tasks/${created.id}/result`);
    expect(body.status).toBe('completed');
    const { exit_code, stdout, stderr, truncated, artifacts } = body.result;
    expect(stdout).toBe('hello; $(whoami) | > *\n');
    // In the order PostgreSQL's jsonb gives the keys back.
    expectReadmeToShow(
      `"result":{"stderr":${JSON.stringify(stderr)},"stdout":${JSON.stringify(stdout)},"artifacts":${JSON.stringify(artifacts)},"exit_code":${exit_code},"truncated":${JSON.stringify(truncated)},`,
    );
  });

  it('random_bytes saves random.bin as an artifact of the size asked for', async () => {
    const created = await platform.createTask(bodies[1]!.task_type as string, bodies[1]!.parameters as Record<string, unknown>);
    expectReadmeToShow(`"task_type":"random_bytes","status":"pending","parameters":${JSON.stringify(created.parameters)}`);
    await platform.waitForStatus(created.id, ['completed', 'failed']);
    const { body } = await platform.getJson<TaskDetail>(`/tasks/${created.id}`);
    expect(body.status).toBe('completed');
    const artifact = body.artifacts[0]!;
    expectReadmeToShow(
      `"artifacts":[{"name":"${artifact.name}","content_type":"${artifact.content_type}","size_bytes":${artifact.size_bytes},`,
    );
    const download = await fetch(`${platform.api.baseUrl}/tasks/${created.id}/artifacts/random.bin`);
    expect(Buffer.from(await download.arrayBuffer()).length).toBe(4096);
    expectReadmeToShow('holds the 4,096 bytes');
  });

  it('refuses a size beyond the declared maximum with the message README shows', async () => {
    const { status, body } = await platform.request<ApiError>('POST', '/tasks', bodies[2]);
    expect(status).toBe(400);
    expectReadmeToShow(`{"statusCode":400,"error":"Bad Request","message":${JSON.stringify(body.message)}`);
  });
});
