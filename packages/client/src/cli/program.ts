import { Command, InvalidArgumentError, Option } from 'commander';
import { AtroposClient, DEFAULT_BASE_URL } from '../client.js';
import { AtroposError, ConnectionError, TaskFailedError, WaitTimeoutError } from '../errors.js';
import type { ApiKey, CreateTaskRequest, TaskList, TaskSummary, TaskProgress, TaskStatus, User, WorkflowRun } from '../types.js';
import {
  failureDetails,
  json,
  keyTable,
  queueTable,
  runDetails,
  runProgress,
  taskDetails,
  taskTable,
  typeDetails,
  typeTable,
  userTable,
  workflowTable,
} from './format.js';
import { parseJsonObject, parseLabelAssignments, parseParamAssignments, UsageError } from './parameters.js';
import { clock, createProgressView } from './progress.js';

/** Exit codes a script can rely on. */
export const EXIT = {
  /** Done; with --wait: the task (or run) completed. */
  ok: 0,
  /** The task or run failed or was cancelled, the wait timed out, or the API refused or did not answer. */
  failed: 1,
  /** The command was called wrongly: unknown option, bad value, or parameters the API rejected (400). */
  usage: 2,
  /** Stopped by Ctrl-C while waiting (the task goes on). */
  interrupted: 130,
} as const;

/** Where the CLI reads and writes: the process's own streams, environment and signals. */
export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  /** Aborts on Ctrl-C (SIGINT) or SIGTERM. */
  interrupt: AbortSignal;
  /** What is piped in: a new user's password (`--password-stdin`). */
  stdin?: NodeJS.ReadableStream;
}

interface GlobalOptions {
  url: string;
  json?: boolean;
}

const TASK_STATUS_LIST = 'pending, processing, retrying, completed, failed, cancelled';

/** The `atropos` command line: every command, its options and its help. */
export function buildProgram(io: CliIo, version: string): Command {
  const program = new Command('atropos');
  const out = (text: string): void => void io.stdout.write(`${text}\n`);
  const note = (text: string): void => void io.stderr.write(`${text}\n`);

  program
    .description('Create, follow and manage Atropos tasks and workflows from the command line.')
    .version(version, '-v, --version', 'print the version of atropos')
    .addOption(new Option('--url <url>', 'where the Atropos API answers').env('ATROPOS_URL').default(DEFAULT_BASE_URL))
    .option('--json', 'print JSON instead of text (one document, or one event per line for watch)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showHelpAfterError('(run the command with --help for its usage)')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    // Commander's own errors (unknown option, missing argument) end as usage errors: exit code 2.
    .exitOverride()
    .addHelpText(
      'after',
      `
Environment:
  ATROPOS_URL      the API's address (default ${DEFAULT_BASE_URL}); --url overrides it
  ATROPOS_API_KEY  an API key, needed when the API runs with API_KEYS (sent as X-API-Key)

Exit codes:
  0    done (with --wait: the task or run completed)
  1    the task or run failed or was cancelled, the wait timed out, or the API refused or did not answer
  2    usage: a wrong option or argument, or parameters the API rejected
  130  interrupted (Ctrl-C) while waiting; the task goes on

Getting started:
  atropos types                                   what can run, and each type's parameters
  atropos types data_processing                   one type's parameters and an example
  atropos tasks create data_processing --param record_count=5000 --wait
  atropos tasks list --status failed
  atropos tasks watch                             every task change as it happens (Ctrl-C to stop)
  atropos keys create ci --scope write --tenant acme   an API key for a tenant (with an admin key)`,
    );

  const context = (command: Command) => {
    const options = command.optsWithGlobals<GlobalOptions>();
    const client = new AtroposClient({ baseUrl: options.url, apiKey: io.env.ATROPOS_API_KEY || undefined });
    return { client, json: options.json === true };
  };

  /** Waits for a task with a progress bar (terminal) or lines (otherwise); prints the outcome; returns the exit code. */
  const waitForTask = async (client: AtroposClient, id: string, asJson: boolean, timeoutS?: number): Promise<number> => {
    const view = createProgressView(io.stderr);
    const show = (task: TaskProgress) => {
      const attempt = task.attempts > 1 ? `(attempt ${task.attempts} of ${task.max_attempts})` : '';
      view.update({ percent: task.progress, status: task.status, message: [task.progress_message, attempt].filter(Boolean).join(' ') });
    };
    try {
      const outcome = await client.waitForResult(id, {
        onProgress: show,
        signal: io.interrupt,
        timeoutMs: timeoutS === undefined ? undefined : timeoutS * 1000,
      });
      view.stop();
      if (asJson) out(json(outcome));
      else {
        note(`Task ${id} completed${outcome.completed_at ? ` at ${outcome.completed_at}` : ''}; its result:`);
        out(json(outcome.result));
      }
      return EXIT.ok;
    } catch (error) {
      view.stop();
      if (error instanceof TaskFailedError) {
        if (asJson) out(json(error.outcome));
        note(failureDetails(error.outcome));
        return EXIT.failed;
      }
      if (io.interrupt.aborted) {
        note(`Stopped waiting; task ${id} goes on. Follow it again with: atropos tasks watch ${id}`);
        return EXIT.interrupted;
      }
      if (error instanceof WaitTimeoutError) {
        note(`${error.message}. Follow it again with: atropos tasks watch ${id}`);
        return EXIT.failed;
      }
      throw error;
    }
  };

  // ── tasks ──────────────────────────────────────────────────────────────────────────────────────
  const tasks = program
    .command('tasks')
    .description('create, list, inspect, follow, cancel and retry tasks')
    .addHelpText('after', '\nRun `atropos tasks <command> --help` for the options of each command.');

  tasks
    .command('create')
    .description('create a task of a type (see `atropos types`), optionally waiting for its result')
    .argument('<type>', 'the task type, e.g. data_processing')
    .option('-p, --param <key=value>', "a parameter, read as the type's schema says (repeat for more)", collect)
    .option('--params <json>', 'parameters as one JSON object (--param values win)')
    .option('--priority <n>', '1 (most urgent) … 10 (least); default 5', integerIn(1, 10))
    .option('--name <text>', 'a name to recognise the task by (searched by `tasks list --name`)')
    .option('-l, --label <key=value>', 'a label to find the task by, e.g. project=beta (repeat for more, up to 20)', collect)
    .option('--delay <seconds>', 'run it this many seconds from now', integerIn(0, 30 * 24 * 3600))
    .option('--timeout <seconds>', "fail an attempt that runs longer than this (default: the type's)", integerIn(1, 86_400))
    .option('--idempotency-key <key>', 'makes the command safe to repeat: the same key returns the task first created')
    .option('-w, --wait', 'wait for the result, showing progress; the exit code tells completed (0) from failed (1)')
    .option('--wait-timeout <seconds>', 'with --wait, give up waiting after this long (exit code 1)', integerIn(1, Number.MAX_SAFE_INTEGER))
    .addHelpText(
      'after',
      `
Examples:
  atropos tasks create data_processing --param record_count=5000 --param seed=42 --wait
  atropos tasks create report_generation --params '{"title": "Q3", "format": "csv"}' --priority 1
  atropos tasks create default --name 'Invoices for ACME' --label project=beta --label customer=42
  id=$(atropos tasks create default --json | jq -r .id)`,
    )
    .action(async (type: string, options: CreateOptions, command: Command) => {
      const { client, json: asJson } = context(command);
      const types = await client.listTaskTypes();
      const known = types.find((candidate) => candidate.name === type);
      if (!known)
        throw new UsageError(
          `unknown task type ${JSON.stringify(type)}; the API has ${types.map((candidate) => candidate.name).join(', ')} (see atropos types)`,
        );
      const parameters = {
        ...(options.params ? parseJsonObject(options.params, '--params') : {}),
        ...parseParamAssignments(options.param ?? [], known.parameters_schema),
      };
      const request: CreateTaskRequest = { task_type: type, parameters };
      if (options.priority !== undefined) request.priority = options.priority;
      if (options.name !== undefined) request.name = options.name;
      if (options.label) request.labels = parseLabelAssignments(options.label);
      if (options.delay !== undefined) request.delay_ms = options.delay * 1000;
      if (options.timeout !== undefined) request.timeout_s = options.timeout;
      const task = await client.createTask(request, { idempotencyKey: options.idempotencyKey, signal: io.interrupt });
      if (!options.wait) {
        if (asJson) out(json(task));
        else {
          out(`Created task ${task.id} (${task.task_type}, priority ${task.priority}): ${task.status}`);
          note(`Follow it with: atropos tasks watch ${task.id}`);
        }
        return;
      }
      if (!asJson) note(`Created task ${task.id} (${task.task_type}); waiting for its result (Ctrl-C stops waiting, not the task)`);
      process.exitCode = await waitForTask(client, task.id, asJson, options.waitTimeout);
    });

  tasks
    .command('list')
    .description('list tasks, newest first')
    .option('-s, --status <statuses>', `only these statuses, comma-separated: ${TASK_STATUS_LIST}`)
    .option('-t, --type <type>', 'only tasks of this type')
    .option('--workflow-run <id>', 'only the step tasks of this workflow run')
    .option('-l, --label <key=value>', 'only tasks with this label (repeat: every one must match)', collect)
    .option('--name <text>', 'only tasks whose name contains this text, in any case')
    .option('-n, --limit <n>', 'tasks per page, 1–100', integerIn(1, 100), 20)
    .option('--cursor <cursor>', 'start at this page (the next_cursor of an earlier page)')
    .option('-a, --all', 'every page, not just the first')
    .addHelpText(
      'after',
      '\nExamples:\n  atropos tasks list --status pending,processing\n  atropos tasks list --type data_processing --all --json\n' +
        '  atropos tasks list --label project=beta --name invoice',
    )
    .action(async (options: ListOptions, command: Command) => {
      const { client, json: asJson } = context(command);
      const pages = client.listTasks(
        {
          status: options.status as TaskStatus | undefined,
          task_type: options.type,
          workflow_run_id: options.workflowRun,
          labels: options.label ? parseLabelAssignments(options.label) : undefined,
          name: options.name,
          limit: options.limit,
          cursor: options.cursor,
        },
        { signal: io.interrupt },
      );
      const listed: TaskSummary[] = [];
      let last: TaskList | undefined;
      for await (const page of pages) {
        listed.push(...page.data);
        last = page;
        if (!options.all) break;
      }
      const nextCursor = options.all ? null : (last?.next_cursor ?? null);
      if (asJson) {
        out(json({ data: listed, next_cursor: nextCursor }));
        return;
      }
      if (listed.length === 0) {
        note('No task matches.');
        return;
      }
      out(taskTable(listed));
      if (nextCursor) note(`More: atropos tasks list --cursor ${nextCursor} (or --all)`);
    });

  tasks
    .command('get')
    .description('show a whole task: parameters, status, progress, result, errors, artifacts')
    .argument('<id>', 'the task id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { client, json: asJson } = context(command);
      const task = await client.getTask(id, { signal: io.interrupt });
      out(asJson ? json(task) : taskDetails(task));
    });

  tasks
    .command('result')
    .description("print a task's result (exit code 1 if it failed or is not finished; --wait waits for it)")
    .argument('<id>', 'the task id')
    .option('-w, --wait', 'wait until the task is final, showing progress')
    .option('--wait-timeout <seconds>', 'with --wait, give up waiting after this long (exit code 1)', integerIn(1, Number.MAX_SAFE_INTEGER))
    .action(async (id: string, options: { wait?: boolean; waitTimeout?: number }, command: Command) => {
      const { client, json: asJson } = context(command);
      if (options.wait) {
        process.exitCode = await waitForTask(client, id, asJson, options.waitTimeout);
        return;
      }
      const answer = await client.getTaskResult(id, { signal: io.interrupt });
      if (asJson) out(json(answer));
      if (!('result' in answer)) {
        if (!asJson) note(`Task ${id} is ${answer.status} (${answer.progress}%); run \`atropos tasks result ${id} --wait\` to wait for it`);
        process.exitCode = EXIT.failed;
        return;
      }
      if (answer.status === 'completed') {
        if (!asJson) out(json(answer.result));
        return;
      }
      if (!asJson) note(failureDetails(answer));
      process.exitCode = EXIT.failed;
    });

  tasks
    .command('cancel')
    .description('cancel a pending, retrying or running task')
    .argument('<id>', 'the task id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { client, json: asJson } = context(command);
      const task = await client.cancel(id, { signal: io.interrupt });
      out(asJson ? json(task) : `Cancelled task ${task.id} (${task.task_type}): ${task.status}`);
    });

  tasks
    .command('retry')
    .description('run a failed or cancelled task again, with a fresh budget of attempts')
    .argument('<id>', 'the task id')
    .option('-w, --wait', 'wait for the new result, showing progress')
    .option('--wait-timeout <seconds>', 'with --wait, give up waiting after this long (exit code 1)', integerIn(1, Number.MAX_SAFE_INTEGER))
    .action(async (id: string, options: { wait?: boolean; waitTimeout?: number }, command: Command) => {
      const { client, json: asJson } = context(command);
      const task = await client.retry(id, { signal: io.interrupt });
      if (!options.wait) {
        out(asJson ? json(task) : `Queued task ${task.id} (${task.task_type}) again: ${task.status}`);
        return;
      }
      if (!asJson) note(`Queued task ${task.id} again; waiting for its result`);
      process.exitCode = await waitForTask(client, task.id, asJson, options.waitTimeout);
    });

  tasks
    .command('delete')
    .description('delete a completed, failed or cancelled task')
    .argument('<id>', 'the task id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { client, json: asJson } = context(command);
      await client.deleteTask(id, { signal: io.interrupt });
      out(asJson ? json({ id, deleted: true }) : `Deleted task ${id}`);
    });

  tasks
    .command('watch')
    .description('follow one task until it is final (like create --wait), or every task change as it happens')
    .argument('[id]', 'the task to follow; without it, every task, until Ctrl-C')
    .option('--wait-timeout <seconds>', 'with an id, give up waiting after this long (exit code 1)', integerIn(1, Number.MAX_SAFE_INTEGER))
    .addHelpText(
      'after',
      '\nWithout an id, each change is one line: time, task id, type, status, progress and message\n(with --json, one TaskEvent object per line). Ctrl-C stops it with exit code 0.',
    )
    .action(async (id: string | undefined, options: { waitTimeout?: number }, command: Command) => {
      const { client, json: asJson } = context(command);
      if (id) {
        process.exitCode = await waitForTask(client, id, asJson, options.waitTimeout);
        return;
      }
      await watchAll(client, asJson, io);
    });

  // ── workflows ──────────────────────────────────────────────────────────────────────────────────
  const workflows = program.command('workflows').description('list workflows and run them');

  workflows
    .command('list')
    .description('list the workflows, their steps and the input they read')
    .action(async (_options: unknown, command: Command) => {
      const { client, json: asJson } = context(command);
      const list = await client.listWorkflows({ signal: io.interrupt });
      if (asJson) {
        out(json(list));
        return;
      }
      if (list.length === 0) {
        note('No workflow is defined (the API reads them from config/workflows.json).');
        return;
      }
      out(workflowTable(list));
    });

  workflows
    .command('run')
    .description('start a run of a workflow, optionally waiting until it ends')
    .argument('<name>', 'the workflow, e.g. nightly-report (see atropos workflows list)')
    .option('-i, --input <json>', 'the input the steps read, as a JSON object', '{}')
    .option('-l, --label <key=value>', 'a label of the run, which its step tasks carry (repeat for more)', collect)
    .option('-w, --wait', 'wait until the run ends, showing its steps; the exit code tells completed (0) from failed (1)')
    .option('--wait-timeout <seconds>', 'with --wait, give up waiting after this long (exit code 1)', integerIn(1, Number.MAX_SAFE_INTEGER))
    .addHelpText('after', `\nExample:\n  atropos workflows run nightly-report --input '{"title": "Q3", "sections": 4}' --wait`)
    .action(async (name: string, options: { input: string; label?: string[]; wait?: boolean; waitTimeout?: number }, command: Command) => {
      const { client, json: asJson } = context(command);
      const input = parseJsonObject(options.input, '--input');
      const labels = options.label ? parseLabelAssignments(options.label) : undefined;
      const run = await client.startWorkflowRun(name, input, { signal: io.interrupt, labels });
      if (!options.wait) {
        if (asJson) out(json(run));
        else out(`Started run ${run.id} of ${run.workflow} (${run.step_count} steps): ${run.status}`);
        return;
      }
      if (!asJson) note(`Started run ${run.id} of ${run.workflow} (${run.step_count} steps); waiting until it ends`);
      process.exitCode = await waitForRun(client, run.id, asJson, options.waitTimeout, io);
    });

  workflows
    .command('get')
    .description('show a workflow run and the status of each step')
    .argument('<run-id>', 'the run id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { client, json: asJson } = context(command);
      const run = await client.getWorkflowRun(id, { signal: io.interrupt });
      out(asJson ? json(run) : runDetails(run));
    });

  // ── queues ─────────────────────────────────────────────────────────────────────────────────────
  program
    .command('queues')
    .description('list the queues (pools of workers): depth, active, delayed and live workers')
    .action(async (_options: unknown, command: Command) => {
      const { client, json: asJson } = context(command);
      const queues = await client.listQueues({ signal: io.interrupt });
      out(asJson ? json(queues) : queueTable(queues));
    });

  // ── keys ───────────────────────────────────────────────────────────────────────────────────────
  const keys = program
    .command('keys')
    .description('create, list and revoke API keys (needs an admin key in ATROPOS_API_KEY, unless the API has no keys yet)');

  keys
    .command('create')
    .description('create an API key; it is printed once, and the API keeps only its hash')
    .argument('<name>', 'what the key is for, e.g. billing-service')
    .addOption(
      new Option('--scope <scope>', 'what it may do').choices(['read', 'write', 'admin', 'worker', 'metrics']).makeOptionMandatory(),
    )
    .option('--tenant <tenant>', "whose tasks it sees and creates (default: your key's tenant)")
    .option('--expires-in <days>', 'stop working after this many days (default: never)', integerIn(1, 36_500))
    .addHelpText(
      'after',
      `
Examples:
  atropos keys create billing --scope write --tenant acme
  atropos keys create prometheus --scope metrics --expires-in 365`,
    )
    .action(async (name: string, options: { scope: ApiKey['scope']; tenant?: string; expiresIn?: number }, command: Command) => {
      const { client, json: asJson } = context(command);
      const expiresAt = options.expiresIn === undefined ? undefined : new Date(Date.now() + options.expiresIn * 86_400_000).toISOString();
      const key = await client.createApiKey(
        { name, scope: options.scope, tenant: options.tenant, expires_at: expiresAt },
        { signal: io.interrupt },
      );
      if (asJson) {
        out(json(key));
        return;
      }
      note(`Created key ${key.id} (${key.name}): scope ${key.scope}, tenant ${key.tenant}. Keep it now; it is not shown again:`);
      out(key.secret);
    });

  keys
    .command('list')
    .description('list the API keys created at run time (not those of API_KEYS), revoked ones too')
    .action(async (_options: unknown, command: Command) => {
      const { client, json: asJson } = context(command);
      const list = await client.listApiKeys({ signal: io.interrupt });
      out(asJson ? json(list) : list.length === 0 ? 'No API keys have been created.' : keyTable(list));
    });

  keys
    .command('revoke')
    .description('revoke an API key: every API replica refuses it within seconds')
    .argument('<id>', 'the key id (see `atropos keys list`)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { client, json: asJson } = context(command);
      const key = await client.revokeApiKey(id, { signal: io.interrupt });
      out(asJson ? json(key) : `Revoked key ${key.id} (${key.name}, tenant ${key.tenant})`);
    });

  // ── users ──────────────────────────────────────────────────────────────────────────────────────
  const users = program
    .command('users')
    .description(
      "create, list and disable the people who sign in to the web (needs an admin key, or an admin's session token, in ATROPOS_API_KEY, unless the API has no keys or users yet)",
    );

  /** The password piped in: never an argument, which `ps` and the shell's history would show. */
  const readPassword = async (): Promise<string> => {
    if (!io.stdin) throw new UsageError('give the password on stdin: --password-stdin');
    let text = '';
    for await (const chunk of io.stdin) text += String(chunk);
    return text.replace(/\r?\n$/, '');
  };

  users
    .command('create')
    .description('create a user; the API keeps only a scrypt hash of the password')
    .argument('<email>', 'what they sign in with')
    .addOption(new Option('--role <role>', 'what they may do').choices(['viewer', 'operator', 'admin']).makeOptionMandatory())
    .option('--tenant <tenant>', "whose tasks they see (default: your key's tenant)")
    .requiredOption('--password-stdin', 'read the password (12+ characters) from stdin')
    .addHelpText(
      'after',
      `
Examples:
  printf '%s' "$ADMIN_PASSWORD" | atropos users create ann@example.com --role admin --password-stdin
  atropos users create ops@acme.example --role operator --tenant acme --password-stdin < password.txt`,
    )
    .action(async (email: string, options: { role: User['role']; tenant?: string }, command: Command) => {
      const { client, json: asJson } = context(command);
      const password = await readPassword();
      const user = await client.createUser({ email, password, role: options.role, tenant: options.tenant }, { signal: io.interrupt });
      out(asJson ? json(user) : `Created user ${user.id} (${user.email}): role ${user.role}, tenant ${user.tenant}`);
    });

  users
    .command('list')
    .description('list the users, disabled ones too')
    .action(async (_options: unknown, command: Command) => {
      const { client, json: asJson } = context(command);
      const list = await client.listUsers({ signal: io.interrupt });
      out(asJson ? json(list) : list.length === 0 ? 'No users.' : userTable(list));
    });

  users
    .command('disable')
    .description('disable a user: they can no longer sign in, and their sessions end at once')
    .argument('<id>', 'the user id (see `atropos users list`)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { client, json: asJson } = context(command);
      const user = await client.updateUser(id, { disabled: true }, { signal: io.interrupt });
      out(asJson ? json(user) : `Disabled user ${user.id} (${user.email})`);
    });

  users
    .command('sign-out')
    .description('end every session of a user (they sign in again)')
    .argument('<id>', 'the user id (see `atropos users list`)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { client, json: asJson } = context(command);
      const revoked = await client.revokeUserSessions(id, { signal: io.interrupt });
      out(asJson ? json({ revoked }) : `Ended ${revoked} session${revoked === 1 ? '' : 's'} of user ${id}`);
    });

  // ── types ──────────────────────────────────────────────────────────────────────────────────────
  program
    .command('types')
    .description('list the task types, or show one with its parameters and an example')
    .argument('[name]', 'a task type')
    .action(async (name: string | undefined, _options: unknown, command: Command) => {
      const { client, json: asJson } = context(command);
      const types = await client.listTaskTypes({ signal: io.interrupt });
      if (!name) {
        if (asJson) {
          out(json(types));
          return;
        }
        out(typeTable(types));
        note('\nRun `atropos types <name>` for the parameters of one.');
        return;
      }
      const type = types.find((candidate) => candidate.name === name);
      if (!type)
        throw new UsageError(
          `unknown task type ${JSON.stringify(name)}; the API has ${types.map((candidate) => candidate.name).join(', ')}`,
        );
      out(asJson ? json(type) : typeDetails(type));
    });

  return program;
}

interface CreateOptions {
  param?: string[];
  params?: string;
  priority?: number;
  name?: string;
  label?: string[];
  delay?: number;
  timeout?: number;
  idempotencyKey?: string;
  wait?: boolean;
  waitTimeout?: number;
}

interface ListOptions {
  status?: string;
  type?: string;
  workflowRun?: string;
  label?: string[];
  name?: string;
  limit: number;
  cursor?: string;
  all?: boolean;
}

/** Every task change, one line (or JSON object) each, until interrupted; reconnects when the stream drops. */
async function watchAll(client: AtroposClient, asJson: boolean, io: CliIo): Promise<void> {
  const note = (text: string) => io.stderr.write(`${text}\n`);
  // A function, not the property: the loop's awaits change it behind TypeScript's narrowing.
  const stopped = () => io.interrupt.aborted;
  let announced = false;
  while (!stopped()) {
    try {
      const events = await client.taskEvents({ signal: io.interrupt });
      if (!announced) note(`Watching every task at ${client.baseUrl} (Ctrl-C to stop)`);
      announced = true;
      for await (const event of events) {
        if (asJson) io.stdout.write(`${JSON.stringify(event)}\n`);
        else if (event.type === 'task.deleted') io.stdout.write(`${clock()}  ${event.task_id}  deleted\n`);
        else {
          const task = event.task;
          const message = task.progress_message ? `  ${task.progress_message}` : '';
          io.stdout.write(
            `${clock()}  ${task.id}  ${task.task_type.padEnd(16)}  ${task.status.padEnd(10)}  ${String(task.progress).padStart(3)}%${message}\n`,
          );
        }
      }
      if (!stopped()) note('The event stream ended; reconnecting…');
    } catch (error) {
      if (stopped()) break;
      // A first failure is reported as it is (wrong URL, bad key); later ones are outages to ride out.
      if (!announced || !(error instanceof ConnectionError || error instanceof AtroposError)) throw error;
      note(`The event stream broke (${error.message}); reconnecting…`);
    }
    await pause(1_000, io.interrupt);
  }
  process.exitCode = EXIT.ok;
}

async function waitForRun(client: AtroposClient, id: string, asJson: boolean, timeoutS: number | undefined, io: CliIo): Promise<number> {
  const note = (text: string) => io.stderr.write(`${text}\n`);
  const view = createProgressView(io.stderr);
  try {
    const run = await client.waitForWorkflowRun(id, {
      signal: io.interrupt,
      timeoutMs: timeoutS === undefined ? undefined : timeoutS * 1000,
      onUpdate: (update: WorkflowRun) => view.update({ status: update.status, ...runProgress(update) }),
    });
    view.stop();
    io.stdout.write(`${asJson ? json(run) : runDetails(run)}\n`);
    if (run.status === 'completed') return EXIT.ok;
    note(`Run ${id} ${run.status}${run.error ? `: ${run.error}` : ''}`);
    return EXIT.failed;
  } catch (error) {
    view.stop();
    if (io.interrupt.aborted) {
      note(`Stopped waiting; run ${id} goes on. See it with: atropos workflows get ${id}`);
      return EXIT.interrupted;
    }
    if (error instanceof WaitTimeoutError) {
      note(error.message);
      return EXIT.failed;
    }
    throw error;
  }
}

/** Waits `ms`, or less if `signal` aborts first. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** An option parser for a whole number in [min, max]; anything else is a usage error naming the range. */
function integerIn(min: number, max: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || number < min || number > max) {
      throw new InvalidArgumentError(
        max === Number.MAX_SAFE_INTEGER ? `expected a whole number ≥ ${min}` : `expected a whole number from ${min} to ${max}`,
      );
    }
    return number;
  };
}
