// The checks of the container test, run by compose-test.sh once `docker-compose up` has returned:
// plain Node (fetch, the docker CLI), so it needs no install or build of its own.
//   API_URL   the API published by compose        WORKERS   how many worker containers run (default pool)
//   WEB_URL   the web UI published by compose     VIDEO_WORKERS  how many worker-video containers run
//                                                 EXAMPLE_WORKERS  how many my-tasks containers run
//   PROCESSES  worker processes per container (WORKER_PROCESSES)
//   COMPOSE_PROJECT_NAME  finds the worker containers by their compose labels
// README.md (next to this repository's root) gives the body that starts the shipped workflow.
// Ends with a Jest-like "Tests: N passed, N total" line that .ci/run adds to its summary.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const API_URL = process.env.API_URL ?? 'http://127.0.0.1:8000';
const WEB_URL = process.env.WEB_URL ?? 'http://127.0.0.1:3000';
const WORKERS = Number(process.env.WORKERS ?? 3);
const VIDEO_WORKERS = Number(process.env.VIDEO_WORKERS ?? 0);
const EXAMPLE_WORKERS = Number(process.env.EXAMPLE_WORKERS ?? 0);
const PROCESSES = Number(process.env.PROCESSES ?? 1);
/** Every worker container: both pools of the built-in worker, and the example's. */
const CONTAINERS = WORKERS + VIDEO_WORKERS + EXAMPLE_WORKERS;
/** Every worker process of the platform: each container's, built-in and example alike, heartbeats. */
const LIVE_WORKERS = CONTAINERS * PROCESSES;
const PROJECT = process.env.COMPOSE_PROJECT_NAME ?? 'atropos-container-test';

const results = { passed: 0, failed: 0 };
let phaseStarted = performance.now();

function phase(name) {
  const seconds = Math.round((performance.now() - phaseStarted) / 1000);
  console.log(`== ${name.padEnd(44)} ${String(seconds).padStart(4)}s`);
  phaseStarted = performance.now();
}

function check(name, ok, details = '') {
  results[ok ? 'passed' : 'failed'] += 1;
  console.log(`${ok ? '  ok  ' : '  FAIL'} ${name}${details ? `: ${details}` : ''}`);
  return ok;
}

function docker(...args) {
  return execFileSync('docker', args, { encoding: 'utf8' }).trim();
}

/** The containers of a service of this compose project, each with the hostname it names itself by. */
function workerContainers(service = 'worker') {
  const ids = docker(
    'ps',
    '-q',
    '--filter',
    `label=com.docker.compose.project=${PROJECT}`,
    '--filter',
    `label=com.docker.compose.service=${service}`,
  )
    .split('\n')
    .filter(Boolean);
  return ids.map((id) => {
    const [hostname, health] = docker('inspect', '--format', '{{.Config.Hostname}} {{.State.Health.Status}}', id).split(' ');
    return { id, hostname, health };
  });
}

async function api(method, path, body) {
  const response = await fetch(`${API_URL}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** A page of the web UI: its status and HTML. */
async function web(path) {
  const response = await fetch(`${WEB_URL}${path}`);
  return { status: response.status, html: await response.text() };
}

async function waitFor(what, timeoutMs, probe) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let last;
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} (last: ${last})`);
    await sleep(500);
  }
}

/** Our tasks as GET /tasks lists them (newest first, every page), by id. */
async function listTasks(ids) {
  const found = new Map();
  let cursor;
  do {
    const page = await api('GET', `/tasks?limit=100&include=parameters,result${cursor ? `&cursor=${cursor}` : ''}`);
    for (const task of page.data) if (ids.has(task.id)) found.set(task.id, task);
    cursor = page.next_cursor;
  } while (cursor && found.size < ids.size);
  return found;
}

const FINAL = new Set(['completed', 'failed', 'cancelled']);

async function main() {
  // 1. Every worker container healthy and heartbeating (each with PROCESSES worker processes, the
  //    example's containers too); /health lists them all.
  const health = await waitFor(`${WORKERS} + ${VIDEO_WORKERS} + ${EXAMPLE_WORKERS} healthy worker containers`, 120_000, async () => {
    const containers = [...workerContainers(), ...workerContainers('worker-video'), ...workerContainers('my-tasks')];
    const report = await api('GET', '/health');
    return containers.length === CONTAINERS && containers.every((c) => c.health === 'healthy') && report.workers.count === LIVE_WORKERS
      ? report
      : false;
  });
  check(
    `/health is ok with ${LIVE_WORKERS} live worker processes in ${CONTAINERS} containers`,
    health.status === 'ok' && health.workers.count === LIVE_WORKERS,
    health.workers.live.map((w) => w.worker_id).join(', '),
  );
  // Each pool's live workers, per queue: the example's containers serve every queue of their own
  // types, which are on the default one.
  const queues = await api('GET', '/queues');
  const workersOf = (name) => queues.data.find((queue) => queue.name === name)?.workers;
  check(
    "GET /queues counts each pool's live workers",
    workersOf('default') === (WORKERS + EXAMPLE_WORKERS) * PROCESSES && workersOf('video') === VIDEO_WORKERS * PROCESSES,
    queues.data.map((queue) => `${queue.name}: ${queue.workers}`).join(', '),
  );
  phase('workers healthy');

  // 2. Three tasks of every type, each about a second long: all complete, on more than one worker.
  //    The command types come from config/task-types.json, which compose mounts into the api and
  //    the workers; they take only their own parameters (no processing_time).
  const types = await api('GET', '/task-types');
  const commandTypes = types.filter((type) => type.kind === 'command').map((type) => type.name);
  check('the command types of the mounted config/task-types.json are listed', commandTypes.length > 0, commandTypes.join(', '));
  const created = [];
  for (const type of types) {
    // Command and registered types take only their own parameters.
    const parameters = type.kind === 'built_in' ? { ...type.example, processing_time: 1 } : type.example;
    for (let i = 0; i < 3; i++) created.push(await api('POST', '/tasks', { task_type: type.name, parameters }));
  }
  const ids = new Set(created.map((task) => task.id));
  const tasks = await waitFor(`${ids.size} tasks to finish`, 120_000, async () => {
    const listed = await listTasks(ids);
    return [...listed.values()].filter((task) => FINAL.has(task.status)).length === ids.size ? listed : false;
  });
  const completed = [...tasks.values()].filter((task) => task.status === 'completed');
  check(
    `${ids.size} tasks of ${types.length} types (${types.map((t) => t.name).join(', ')}) completed`,
    completed.length === ids.size,
    `${completed.length} completed`,
  );
  const shares = new Map();
  for (const task of completed) shares.set(task.worker_id, (shares.get(task.worker_id) ?? 0) + 1);
  console.log(`  workers that shared the ${completed.length} tasks:`);
  for (const [workerId, count] of [...shares].sort()) console.log(`    ${workerId}  ${count} task(s)`);
  check('the work was shared by more than one worker', shares.size > 1, `${shares.size} distinct worker_id values`);
  // A file a worker container saved downloads from the api container (both reach PostgreSQL).
  const withFile = completed.find((task) => task.task_type === 'random_bytes');
  if (withFile) {
    const { artifacts } = await api('GET', `/tasks/${withFile.id}`);
    const download = await fetch(`${API_URL}${artifacts[0]?.url}`);
    const size = (await download.arrayBuffer()).byteLength;
    check(
      'an artifact saved by a worker downloads from the API',
      download.ok && size === artifacts[0].size_bytes && size > 0,
      `${artifacts[0]?.name}: ${size} bytes`,
    );
  }
  // Each pool took only its own queue's tasks: video_processing on the worker-video containers,
  // the other built-in and command types on the worker containers.
  if (VIDEO_WORKERS > 0) {
    const videoHosts = new Set(workerContainers('worker-video').map((c) => c.hostname));
    const defaultHosts = new Set(workerContainers().map((c) => c.hostname));
    const builtIn = completed.filter((task) => task.task_type !== 'invoice_pdf');
    const misplaced = builtIn.filter((task) => {
      const host = task.worker_id.split(':')[0];
      return task.task_type === 'video_processing' ? !videoHosts.has(host) : !defaultHosts.has(host);
    });
    check(
      'video_processing ran on the worker-video pool only, every other type on the worker pool only',
      misplaced.length === 0 && builtIn.some((task) => task.task_type === 'video_processing'),
      misplaced.map((task) => `${task.task_type} on ${task.worker_id}`).join(', ') || `${builtIn.length} tasks`,
    );
  }
  phase(`${ids.size} tasks across the workers`);

  // 2b. The example project's own type (docker-compose.example.yml): registered by its workers,
  //     listed with its schemas and live workers, run on its containers only, its typed result stored.
  if (EXAMPLE_WORKERS > 0) {
    const invoice = types.find((type) => type.name === 'invoice_pdf');
    check(
      "the example project's type is listed with its schemas and live workers",
      invoice?.kind === 'registered' &&
        invoice.workers === EXAMPLE_WORKERS * PROCESSES &&
        Boolean(invoice.result_schema?.properties?.sha256),
      invoice ? `${invoice.kind}, ${invoice.workers} live workers` : 'not listed',
    );
    const exampleHosts = new Set(workerContainers('my-tasks').map((c) => c.hostname));
    const invoices = completed.filter((task) => task.task_type === 'invoice_pdf');
    check(
      'its tasks ran on the example containers only, each with its typed result',
      invoices.length === 3 &&
        invoices.every(
          (task) =>
            exampleHosts.has(task.worker_id.split(':')[0]) &&
            task.result.artifact === `invoice-${task.parameters.invoice_id}.pdf` &&
            /^[0-9a-f]{64}$/.test(task.result.sha256),
        ),
      invoices.map((task) => task.worker_id).join(', '),
    );
    const builtIns = completed.filter((task) => task.task_type !== 'invoice_pdf');
    check(
      'no built-in or command task ran on an example container',
      builtIns.every((task) => !exampleHosts.has(task.worker_id.split(':')[0])),
      `${builtIns.length} tasks`,
    );
    phase("the example project's type on its own containers");
  }

  // 3. The workflow shipped in config/workflows.json (mounted into the api like task-types.json)
  //    is listed, and a run of it, started with README's body, completes on the worker containers,
  //    step 3's task reading the values step 1 produced, as tests/e2e/test/workflows.e2e-spec.ts checks.
  const workflows = await api('GET', '/workflows');
  const salesReport = workflows.find((workflow) => workflow.name === 'sales-report');
  check(
    'the api lists the workflow of the mounted config/workflows.json',
    Boolean(salesReport),
    workflows.map((workflow) => workflow.name).join(', '),
  );
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const curl = /curl [^\n]*\/workflows\/sales-report\/runs[^\n]*-d '([^']+)'/.exec(readme);
  if (!curl) throw new Error("README.md has no `curl … /workflows/sales-report/runs … -d '…'` line");
  const body = JSON.parse(curl[1]);
  const started = await api('POST', '/workflows/sales-report/runs', body);
  const run = await waitFor('the workflow run to end', 120_000, async () => {
    const each = await api('GET', `/workflow-runs/${started.id}`);
    return FINAL.has(each.status) ? each : false;
  });
  check(
    'the workflow run completed',
    run.status === 'completed' && run.steps.every((step) => step.status === 'completed'),
    `${run.status}: ${run.steps.map((step) => `${step.name} ${step.status}`).join(', ')}${run.error ? `; ${run.error}` : ''}`,
  );
  const steps = (await api('GET', `/tasks?workflow_run_id=${run.id}&limit=100&include=parameters,result`)).data.reverse();
  const [crunch, report, announce] = steps;
  console.log(`  workers that ran the steps: ${steps.map((task) => `${task.workflow_step}:${task.worker_id}`).join(', ')}`);
  const expected =
    crunch && report
      ? `${body.input.title}: ${crunch.result.record_count} records, mean ${crunch.result.aggregates.mean}; report ${report.result.checksum}`
      : '(steps 1 and 2 missing)';
  check(
    "step 3's task parameters hold the values of steps 1 and 2",
    steps.length === 3 && announce.workflow_step === 2 && announce.parameters.message === expected,
    announce?.parameters?.message ?? `${steps.length} step task(s)`,
  );
  phase('shipped workflow run across the workers');

  // 4. The web container serves the UI from the API inside the network: the dashboard, and the
  //    task list with the tasks just created (newest first: the last one is on the first page).
  const webHealth = await waitFor('the web container to be healthy', 60_000, async () => {
    const id = docker(
      'ps',
      '-q',
      '--filter',
      `label=com.docker.compose.project=${PROJECT}`,
      '--filter',
      'label=com.docker.compose.service=web',
    );
    const status = id && docker('inspect', '--format', '{{.State.Health.Status}}', id);
    return status === 'healthy' && (await web('/api/health')).status === 200 ? status : false;
  });
  check('the web container is healthy (GET /api/health)', webHealth === 'healthy');
  const dashboard = await web('/');
  check(
    'the web UI serves the dashboard (GET /)',
    dashboard.status === 200 && dashboard.html.includes('Atropos'),
    `${dashboard.status}, ${dashboard.html.length} bytes`,
  );
  const newest = created.at(-1).id;
  const list = await web('/tasks');
  check(
    'the web UI lists the tasks (GET /tasks)',
    list.status === 200 && list.html.includes(newest),
    `${list.status}, ${list.html.length} bytes, ${list.html.includes(newest) ? 'has' : 'lacks'} ${newest}`,
  );
  phase('web UI: dashboard and task list');

  // 5. A worker container stopped mid-task: its task is handed back and completed by another.
  //    (compose-test.sh sets SHUTDOWN_GRACE_MS=2000, so a 10 s task outlasts the grace.)
  const long = await api('POST', '/tasks', { task_type: 'default', parameters: { processing_time: 10 } });
  const running = await waitFor('the long task to run', 30_000, async () => {
    const task = await api('GET', `/tasks/${long.id}`);
    return task.status === 'processing' && task.progress > 0 ? task : false;
  });
  const holder = await api('GET', '/health').then((report) => report.workers.live.find((w) => w.worker_id === running.worker_id));
  const container = workerContainers().find((c) => c.hostname === holder?.hostname);
  if (!check(`the long task runs on a worker container`, Boolean(container), running.worker_id)) throw new Error('no container to stop');
  const stopStarted = performance.now();
  docker('stop', container.id);
  const stopSeconds = (performance.now() - stopStarted) / 1000;
  const exitCode = Number(docker('inspect', '--format', '{{.State.ExitCode}}', container.id));
  // 137 would be SIGKILL after stop_grace_period: the worker did not shut down by itself.
  check(
    'the stopped worker shut down by itself within its grace period',
    exitCode !== 137 && stopSeconds < 30,
    `docker stop took ${stopSeconds.toFixed(1)} s, exit code ${exitCode}`,
  );
  const finished = await waitFor('the handed-back task to finish', 90_000, async () => {
    const task = await api('GET', `/tasks/${long.id}`);
    return FINAL.has(task.status) ? task : false;
  });
  check(
    'the task of the stopped worker completed on another worker',
    finished.status === 'completed' && finished.worker_id !== running.worker_id && finished.attempts === 1,
    `${finished.status} on ${finished.worker_id} (stopped: ${running.worker_id}), attempts ${finished.attempts}`,
  );
  phase('worker stopped mid-task, task completed');
}

try {
  await main();
} catch (error) {
  check('scenario ran to the end', false, error instanceof Error ? error.message : String(error));
}
console.log(
  `Tests:       ${results.failed ? `${results.failed} failed, ` : ''}${results.passed} passed, ${results.passed + results.failed} total`,
);
process.exitCode = results.failed ? 1 : 0;
