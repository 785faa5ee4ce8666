/**
 * The `sse` section's clients, in a process of their own so that reading a thousand streams does
 * not slow the bench's pacing of task creation (nor the other way round). Driven by JSON lines on
 * stdin, it answers on stdout:
 *   {"cmd":"connect","clients":[{"tenant","key","taskId"?}…],"from":"<entry id>"}  → `connected <n>`
 *   {"cmd":"drop","every":10,"awayMs":2000}   closes every 10th stream of each kind, reconnects it with
 *                                             Last-Event-ID after awayMs → `reconnected <n>`
 *   {"cmd":"finish","waitMs":15000}           checks every client against the log → `result <json>`
 * A client keeps no list of its events (a thousand clients would hold millions of ids): it counts
 * them, checks each id comes after the one before (none twice, none out of order), and folds the
 * ids into a hash; at the end the same count and hash are computed from the task events log for its
 * filter, which is the truth of what was written.
 */
import http from 'node:http';
import readline from 'node:readline';
import type { RawLogEntry } from '@atropos/queue';
import { compareTaskEventPositions, createRedisClient, parseTaskEventId, readTaskEventsLogFrom } from '@atropos/queue';
import type { TaskEventPosition } from '@atropos/queue';

const baseUrl = process.env['SSE_API_URL']!;
const redisUrl = process.env['REDIS_URL']!;
const prefix = process.env['QUEUE_PREFIX']!;
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

/** Delivery latency in 1 ms buckets up to a minute (the last bucket: a minute or more). */
const latency = new Uint32Array(60_001);

interface Tally {
  count: number;
  hash: number;
}

/** FNV-1a of the id, added up: the same events give the same hash whatever else differs. */
function fold(tally: Tally, id: string): void {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  tally.count += 1;
  tally.hash = (tally.hash + (h >>> 0)) % 4_294_967_296;
}

class Client implements Tally {
  count = 0;
  hash = 0;
  last: TaskEventPosition | undefined;
  /** The id to resume after: the last event's or ping's. */
  resumeId: string | undefined;
  disorder = 0;
  resets = 0;
  reconnected = false;
  private request: http.ClientRequest | undefined;

  constructor(
    readonly tenant: string,
    private readonly key: string,
    readonly taskId: string | undefined,
  ) {}

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const path = `/tasks/events${this.taskId ? `?task_id=${this.taskId}` : ''}`;
      const headers = { 'x-api-key': this.key, ...(this.resumeId ? { 'Last-Event-ID': this.resumeId } : {}) };
      const request = http.get(`${baseUrl}${path}`, { agent, headers }, (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`${path} answered ${String(response.statusCode)}`));
          response.resume();
          return;
        }
        response.setEncoding('utf8');
        let buffer = '';
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            this.onMessage(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        });
        response.on('error', () => undefined);
        resolve();
      });
      request.on('error', (error) => (this.request === request ? reject(error) : undefined));
      this.request = request;
    });
  }

  close(): void {
    const request = this.request;
    this.request = undefined;
    request?.destroy();
  }

  private onMessage(block: string): void {
    const now = Date.now();
    let type = 'message';
    let id: string | undefined;
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) type = line.slice(7);
      else if (line.startsWith('id: ')) id = line.slice(4);
    }
    if (id === undefined) return;
    this.resumeId = id;
    if (type === 'reset') this.resets += 1;
    if (type !== 'task.updated' && type !== 'task.deleted') return;
    const position = parseTaskEventId(id);
    if (!position || (this.last && compareTaskEventPositions(position, this.last) <= 0)) this.disorder += 1;
    this.last = position ?? this.last;
    fold(this, id);
    // A reconnected client's replayed events are late by design: only the others measure delivery.
    if (!this.reconnected && position) latency[Math.min(Math.max(now - position.ms, 0), 60_000)]! += 1;
  }
}

let clients: Client[] = [];
let from = '0-0';

interface ClientSpec {
  tenant: string;
  key: string;
  taskId?: string;
}

async function connect(specs: ClientSpec[], start: string): Promise<void> {
  from = start;
  clients = specs.map((spec) => new Client(spec.tenant, spec.key, spec.taskId));
  // A few at a time: a thousand connections at once would only queue in the API's accept backlog.
  for (let i = 0; i < clients.length; i += 50) await Promise.all(clients.slice(i, i + 50).map((client) => client.open()));
  console.log(`connected ${clients.length}`);
}

async function drop(every: number, awayMs: number): Promise<void> {
  const everyTenth = (kind: Client[]) => kind.filter((_client, index) => index % every === 0);
  const dropped = [...everyTenth(clients.filter((client) => !client.taskId)), ...everyTenth(clients.filter((client) => client.taskId))];
  for (const client of dropped) {
    client.close();
    client.reconnected = true;
  }
  await new Promise((resolve) => setTimeout(resolve, awayMs));
  await Promise.all(dropped.map((client) => client.open()));
  console.log(`reconnected ${dropped.length}`);
}

/** Count and hash of the events of each filter after `from` (of each tenant, of each task), from the log itself. */
async function expectedFromLog(): Promise<{ events: number; byTenant: Map<string, Tally>; byTask: Map<string, Tally> }> {
  const redis = createRedisClient(redisUrl);
  let total = 0;
  const byTenant = new Map<string, Tally>();
  const byTask = new Map<string, Tally>();
  const tally = (map: Map<string, Tally>, key: string) => {
    let found = map.get(key);
    if (!found) map.set(key, (found = { count: 0, hash: 0 }));
    return found;
  };
  try {
    let cursor = from;
    for (;;) {
      // From `cursor` included, which is the entry before (XRANGE's exclusive start needs Redis 6.2).
      const page: RawLogEntry[] = await readTaskEventsLogFrom(redis, prefix, cursor, 500);
      const entries = page[0]?.[0] === cursor ? page.slice(1) : page;
      for (const [entryId, fields] of entries) {
        const events = JSON.parse(fields[fields.indexOf('events') + 1]!) as Array<{
          task?: { id: string; tenant: string };
          task_id?: string;
          tenant?: string;
        }>;
        events.forEach((event, index) => {
          const id = `${entryId}-${index}`;
          total += 1;
          fold(tally(byTenant, event.task?.tenant ?? event.tenant ?? ''), id);
          fold(tally(byTask, event.task?.id ?? event.task_id ?? ''), id);
        });
      }
      if (page.length < 500) break;
      cursor = page.at(-1)![0];
    }
  } finally {
    redis.disconnect();
  }
  return { events: total, byTenant, byTask };
}

async function finish(waitMs: number): Promise<void> {
  const expected = await expectedFromLog();
  const none: Tally = { count: 0, hash: 0 };
  const want = (client: Client) => (client.taskId ? expected.byTask.get(client.taskId) : expected.byTenant.get(client.tenant)) ?? none;
  // Streams still draining get their time.
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline && clients.some((client) => client.count < want(client).count)) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  for (const client of clients) client.close();
  const wrong = clients.filter((client) => client.count !== want(client).count || client.hash !== want(client).hash);
  const result = {
    clients: clients.length,
    oneTask: clients.filter((client) => client.taskId).length,
    reconnected: clients.filter((client) => client.reconnected).length,
    events: expected.events,
    received: clients.reduce((sum, client) => sum + client.count, 0),
    wrong: wrong.length,
    wrongReconnected: wrong.filter((client) => client.reconnected).length,
    missing: wrong.reduce((sum, client) => sum + Math.max(0, want(client).count - client.count), 0),
    disorder: clients.reduce((sum, client) => sum + client.disorder, 0),
    resets: clients.reduce((sum, client) => sum + client.resets, 0),
    latency: percentiles([0.5, 0.99, 0.999, 1]),
  };
  console.log(`result ${JSON.stringify(result)}`);
}

function percentiles(quantiles: number[]): Record<string, number> {
  const total = latency.reduce((sum, n) => sum + n, 0);
  const answer: Record<string, number> = { samples: total };
  for (const q of quantiles) {
    const rank = Math.max(1, Math.ceil(total * q));
    let seen = 0;
    for (let ms = 0; ms < latency.length; ms++) {
      seen += latency[ms]!;
      if (seen >= rank) {
        answer[`p${q * 100}`] = ms;
        break;
      }
    }
  }
  return answer;
}

const commands = readline.createInterface({ input: process.stdin });
for await (const line of commands) {
  const command = JSON.parse(line) as {
    cmd: string;
    clients?: ClientSpec[];
    from?: string;
    every?: number;
    awayMs?: number;
    waitMs?: number;
  };
  try {
    if (command.cmd === 'connect') await connect(command.clients ?? [], command.from ?? '0-0');
    if (command.cmd === 'drop') await drop(command.every ?? 10, command.awayMs ?? 2_000);
    if (command.cmd === 'finish') {
      await finish(command.waitMs ?? 15_000);
      break;
    }
  } catch (error) {
    console.log(`failed ${String(error)}`);
  }
}
process.exit(0);
