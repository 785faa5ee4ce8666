/**
 * The Atropos API's types, generated from its OpenAPI document (openapi.json) by openapi-typescript.
 * Do not edit: run `npm run generate -w @atropos/client` after changing the API
 * (the API must be built first: `npm run build -w @atropos/api`).
 */

export interface paths {
    "/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the API keys
         * @description Newest first, revoked ones too; never a secret.
         */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Create an API key
         * @description The answer holds the key itself (`secret`), once; the API keeps only its SHA-256. It works on every replica at once.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API key
         * @description It stops working on every replica within two seconds; it stays listed, with `revoked_at`.
         */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/methods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How people may sign in
         * @description The web shows a single sign-on button when `oidc` is true.
         */
        get: operations["signInMethods"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/oidc/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start single sign-on
         * @description The provider's authorization address (code flow with PKCE, state and nonce) and the checks to keep for the callback.
         */
        post: operations["startOidcSignIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/oidc/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Finish single sign-on
         * @description Redeems the provider's code (with the PKCE verifier), checks the ID token and its nonce, and answers a session for the Atropos user with its verified email. Users are not created here: an admin creates them first.
         */
        post: operations["finishOidcSignIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/sign-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with an email and a password
         * @description Answers a session token, sent afterwards as `Authorization: Bearer <token>` like an API key: a viewer reads, an operator also writes, an admin has the admin scope. Failed sign-ins are counted per email and per address: past `SIGN_IN_FAILURES_PER_ACCOUNT` or `SIGN_IN_FAILURES_PER_ADDRESS` the answer is 429 with Retry-After.
         */
        post: operations["signIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/sign-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End the session the request carries
         * @description The token stops working at once.
         */
        post: operations["signOut"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who the request acts as
         * @description The signed-in user, or the API key.
         */
        get: operations["whoAmI"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the users
         * @description Oldest first, disabled ones too.
         */
        get: operations["listUsers"];
        put?: never;
        /**
         * Create a user
         * @description The password is kept only as a scrypt hash. Once a user exists, the API asks every caller for a key or a session.
         */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a user's role or password, or disable them
         * @description Any change ends the sessions the user has open.
         */
        patch: operations["updateUser"];
        trace?: never;
    };
    "/users/{id}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * End a user's sessions
         * @description Every token of theirs stops working at once.
         */
        delete: operations["revokeUserSessions"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read the audit log, newest first
         * @description Every change made through the API (creations, cancels, retries, deletes, queue and workflow actions, key management) and every refused authentication; filter by tenant, action, actor, target and time, page with `limit` and `cursor`.
         */
        get: operations["listAuditEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Task statistics
         * @description Counts by status and by type; the p50 and p95 duration per type over the tasks completed in the last 24 hours; completions and failures per minute over the last 60 minutes.
         */
        get: operations["getTaskStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stream task changes (Server-Sent Events)
         * @description Each event is named `task.updated` (data: the task's status, progress and attempts) or `task.deleted`; a `ping` event keeps the stream open. Events from every worker and API replica arrive through the task events log in Redis. Every event has an `id` (`<ms>-<seq>-<index>`: the log entry, then the index in it), unique and in the order the events were written; a `ping`'s id is the point the client has had every event of its filter up to. A client that reconnects with `Last-Event-ID` (an EventSource does it by itself) gets what happened after that id, filtered as live events are, then the live events, none twice. When the log (TASK_EVENTS_LOG_LENGTH write groups) no longer holds all of it, the client gets one `reset` event instead (data: TaskEventsReset): it missed events and should read the tasks again; live events follow.
         */
        get: operations["streamTaskEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel, retry or delete every task a filter matches
         * @description With `dry_run: true`, only counts (200): the tasks matched and those whose status allows the action. Otherwise starts a bulk operation (202) over the tasks matched now, worked through in batches of 200; follow it at GET /bulk-operations/{id}, stop it with POST /bulk-operations/{id}/cancel, and download what became of each task at GET /bulk-operations/{id}/report. A tenant's key acts on its own tasks only; an admin key on every tenant's.
         */
        post: operations["startBulkAction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/bulk-operations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Follow a bulk operation
         * @description Its status, counters, progress and the skip reasons so far.
         */
        get: operations["getBulkOperation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/bulk-operations/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop a bulk operation
         * @description The batch under way finishes; the tasks not reached are left as they are and reported `not_processed`.
         */
        post: operations["cancelBulkOperation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/bulk-operations/{id}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download what became of each task of a bulk operation
         * @description One line per task matched, in id order: `acted`, `skipped` with the reason, or `not_processed` (cancelled, failed, or not reached yet).
         */
        get: operations["getBulkOperationReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List tasks, newest first
         * @description Filter by status(es), type, creation time and parameter or result values; page with `limit` and `cursor`. Each task comes without its parameters, result and attempt errors unless `include` names them.
         */
        get: operations["listTasks"];
        put?: never;
        /**
         * Create a task
         * @description Stores the task as `pending` and queues it for a worker, at once or at `delay_ms` / `run_at`.
         */
        post: operations["createTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create up to 1000 tasks at once
         * @description All or none: one bad item fails the batch, and the answer names each item (`tasks.<index>.<field>`) at fault.
         */
        post: operations["createTaskBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download every task matching the filters
         * @description The filters of GET /tasks, newest first, as CSV or JSON lines (`format`). Streamed: the API holds a few hundred tasks at a time, whatever the number exported. A transfer cut short means the export failed; the file is whole only when it ends cleanly.
         */
        get: operations["exportTasks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a whole task
         * @description Parameters, status, progress, result, every attempt error, timestamps, the artifacts it saved, and why it waits (`waiting_reason`).
         */
        get: operations["getTask"];
        put?: never;
        post?: never;
        /**
         * Delete a final task
         * @description Completed, failed or cancelled; cancel a running task first.
         */
        delete: operations["deleteTask"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a task
         * @description A pending or retrying task is cancelled and unqueued; a processing one is stopped through its AbortSignal.
         */
        post: operations["cancelTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a failed or cancelled task again
         * @description With a fresh budget of attempts; the earlier attempts stay in `attempt_errors`. With `parameters`, it runs with them (merged into its own, or replacing them: `mode`), validated against its type; every version it had is kept with who set it and when (GET /tasks/{id}/parameter-versions).
         */
        post: operations["retryTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/{id}/parameter-versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every version of a task's parameters
         * @description Oldest first: the parameters it was created with, then each edit made by a retry, with who made it, when, and the attempts that ran with it. A step task made by a workflow resume with new parameters starts with the parameters of the task it replaced (`ran_on_task_id`).
         */
        get: operations["listTaskParameterVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/{id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a task's status and progress
         * @description The light view for polling.
         */
        get: operations["getTaskStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/{id}/result": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a task's result
         * @description The result of a completed task or the error of a failed one; 202 with Retry-After while it is not final.
         */
        get: operations["getTaskResult"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/{id}/artifacts/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download an artifact of a task
         * @description The bytes of a file the task saved (listed in `artifacts` of GET /tasks/{id}), with its content type.
         */
        get: operations["getTaskArtifact"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/{id}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a task's log
         * @description What its handler wrote with `ctx.log` and the lines its command printed, attempt by attempt, oldest first. An attempt keeps at most the worker's TASK_LOG_MAX_LINES lines, then one line saying how many were dropped.
         */
        get: operations["listTaskLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/{id}/logs/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Follow a task's log (Server-Sent Events)
         * @description The stored lines after `after` (or Last-Event-ID), then each new line as a worker stores it. Each event is named `log` with `data` `{"lines": [TaskLogLine, …]}` and `id` the last line's id; a `ping` event keeps the stream open.
         */
        get: operations["streamTaskLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/task-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the task types
         * @description Every type (built in, command, served over HTTP, registered by workers) with its description, the JSON Schemas of its parameters and result, and the live workers serving it.
         */
        get: operations["listTaskTypes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workflows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the workflows
         * @description The latest version of each definition (seeded from config/workflows.json, or put by `PUT /workflows/{name}`), with its steps.
         */
        get: operations["listWorkflows"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workflows/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Create a new version of a workflow
         * @description The body is one workflow as in config/workflows.json (its `name` may be left out), checked as at load: task types, names, needs (no cycle, no missing or self need), references (only to steps it needs, directly or not), conditions and static parameters. Runs already started keep their version. A body equal to the latest version creates nothing.
         */
        put: operations["putWorkflow"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workflows/{name}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A workflow's versions, newest first */
        get: operations["listWorkflowVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workflows/{name}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a run of a workflow
         * @description Copies the latest version's steps into a new run and queues the tasks of the steps that need none. The run and its step tasks belong to the tenant of the API key that started it: they count towards its MAX_OPEN_TASKS_PER_TENANT.
         */
        post: operations["startWorkflowRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workflow-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List workflow runs, newest first
         * @description Filter by status and workflow; page with `limit` and `cursor`.
         */
        get: operations["listWorkflowRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workflow-runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a workflow run with the status of each step */
        get: operations["getWorkflowRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workflow-runs/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause a running run
         * @description The step running finishes; no further step starts until the run is resumed.
         */
        post: operations["pauseWorkflowRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workflow-runs/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a paused or failed run
         * @description A paused run goes on where it stopped. A failed run runs its failed step again with a new task (earlier steps are not rerun), optionally with some of that step's parameters replaced by `parameters`.
         */
        post: operations["resumeWorkflowRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workflow-runs/{id}/rerun": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rerun a completed or failed run from a step
         * @description Runs `from_step` and every step downstream of it again, with new tasks, in a new round (optionally with some of `from_step`'s parameters replaced); steps upstream keep their results. The earlier tasks stay in each step's `history`.
         */
        post: operations["rerunWorkflowRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workflow-runs/{id}/steps/{step}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve an approval step
         * @description The step completes with `{approved: true, payload, comment}` as its result, and the steps that need it go on.
         */
        post: operations["approveWorkflowStep"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workflow-runs/{id}/steps/{step}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reject an approval step
         * @description The step is rejected: the run fails unless the step is `continue_on_failure`.
         */
        post: operations["rejectWorkflowStep"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workflow-runs/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stream a run's changes (Server-Sent Events)
         * @description A `run` event with the whole run (as GET /workflow-runs/{id}) at once and after every change of the run or of one of its tasks (status, progress), at most about four a second; a `ping` keeps the stream open.
         */
        get: operations["streamWorkflowRunEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workflow-runs/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a run
         * @description Ends the run for good and cancels its current step's task if it is unfinished.
         */
        post: operations["cancelWorkflowRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workflow-approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Approval steps waiting for a decision
         * @description In running or paused runs, oldest run first (at most 100).
         */
        get: operations["listPendingApprovals"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the schedules
         * @description By name, each with its next five fire times and its newest fire.
         */
        get: operations["listSchedules"];
        put?: never;
        /**
         * Create a schedule
         * @description Creates a task of `task_type` at every slot of `cron` in `timezone`. Each slot fires once, however many API replicas run.
         */
        post: operations["createSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/schedules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a schedule
         * @description With its next five fire times and the history of its fired slots, newest first.
         */
        get: operations["getSchedule"];
        /**
         * Replace a schedule
         * @description Every field as for POST /schedules; those left out take their defaults.
         */
        put: operations["replaceSchedule"];
        post?: never;
        /**
         * Delete a schedule
         * @description Its history goes with it; the tasks it created stay.
         */
        delete: operations["deleteSchedule"];
        options?: never;
        head?: never;
        /**
         * Change some fields of a schedule
         * @description A new cron or time zone counts slots from now.
         */
        patch: operations["updateSchedule"];
        trace?: never;
    };
    "/schedules/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause a schedule
         * @description No slot fires until it is resumed; slots of the pause are not caught up.
         */
        post: operations["pauseSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/schedules/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a paused schedule
         * @description Slots count from now.
         */
        post: operations["resumeSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/schedules/{id}/trigger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Fire a schedule now
         * @description Creates its task now, paused or not, outside its cron; the overlap policy holds (skip answers 409 while a task is unfinished).
         */
        post: operations["triggerSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The queue: paused or not, and its job counts */
        get: operations["getQueue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/queue/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause the queue
         * @description Workers finish the tasks they hold and take no new ones.
         */
        post: operations["pauseQueue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/queue/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume the queue */
        post: operations["resumeQueue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/queue/flush": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel every pending and retrying task
         * @description Running tasks are left alone.
         */
        post: operations["flushQueue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/queues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every queue (pool of workers): depth, active, delayed and live workers
         * @description GET /queue sums them up.
         */
        get: operations["listQueues"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/queues/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One queue: depth, active, delayed and live workers */
        get: operations["getQueueByName"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/queues/{name}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause one queue
         * @description Its workers finish what they hold and take no new task of it.
         */
        post: operations["pauseQueueByName"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/queues/{name}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume one queue */
        post: operations["resumeQueueByName"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/queues/{name}/flush": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel every pending and retrying task of one queue's types
         * @description Running tasks are left alone.
         */
        post: operations["flushQueueByName"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/worker/claims": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Claim the next task of the types a worker serves (long poll)
         * @description Starts the next attempt of the most urgent ready task of one of `types`, leased to the worker for HTTP_WORKER_LEASE_MS (30 s by default). Waits up to `wait_s` (at most 60 s) for one, then answers 204. A task whose previous worker's lease ran out is taken over here, as the next attempt. Send `attempt` with every report.
         */
        post: operations["claimTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/worker/tasks/{id}/heartbeat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Extend the attempt's lease
         * @description Send one well within each lease (every third of it, say). Never extended past the attempt's timeout.
         */
        post: operations["heartbeatTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/worker/tasks/{id}/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report progress, with a message
         * @description Shown with the task (and on its event stream) at once; extends the lease as a heartbeat does.
         */
        post: operations["reportTaskProgress"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/worker/tasks/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Complete the task with its result */
        post: operations["completeTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/worker/tasks/{id}/fail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Fail the attempt, retryable or not
         * @description Retryable with attempts left: the task is `retrying` and the next attempt is claimable after an exponential backoff (TASK_RETRY_BACKOFF_MS, doubling). Otherwise it fails for good. Either way the error joins its attempt errors.
         */
        post: operations["failTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Health of the API, PostgreSQL, Redis and the workers
         * @description Without a key (when the API has keys) only `{"status": "up" | "degraded" | "down"}`; with any valid key, or on an API without keys, the full report: each dependency with its latency and error, and the live workers.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness: the process answers
         * @description Always 200 while the API process serves requests, whatever PostgreSQL and Redis do: for liveness probes, since restarting the API cures no database outage (GET /health is the readiness check).
         */
        get: operations["getLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the webhooks
         * @description Oldest first; secrets are never shown.
         */
        get: operations["listWebhooks"];
        put?: never;
        /**
         * Subscribe to events
         * @description POSTs each event of `events` that passes `filter` to `url`, signed with the secret (the `Atropos-Signature` header), retried with exponential backoff for 24 hours. The answer is the only time the secret is shown. A key's webhook gets its tenant's events; an admin's, every tenant's.
         */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a webhook */
        get: operations["getWebhook"];
        put?: never;
        post?: never;
        /**
         * Delete a webhook
         * @description Its deliveries go with it, pending ones unsent.
         */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        /**
         * Change a webhook
         * @description A new url or secret applies to every delivery not yet made, including retries.
         */
        patch: operations["updateWebhook"];
        trace?: never;
    };
    "/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test delivery
         * @description Queues a `webhook.test` delivery, sent, signed and retried like any other; read its attempts at GET /webhook-deliveries/{id}.
         */
        post: operations["testWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhook-deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhook deliveries
         * @description Newest first, each with every attempt's status code, latency and error.
         */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhook-deliveries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a webhook delivery
         * @description With every attempt.
         */
        get: operations["getWebhookDelivery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhook-deliveries/{id}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a delivery again
         * @description A delivered or failed delivery is sent again now, with the same id (receivers that deduplicate drop it if they had it), and retried for another 24 hours.
         */
        post: operations["redeliverWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Everything the dashboard shows, in one request
         * @description The task stats, health, queue and queues, pending approvals and the status of the tasks the live workers hold, each as its own route answers it, scoped to the caller as there. A part that could not be read is null, with the reason in `errors`.
         */
        get: operations["getDashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        CreateApiKeyRequest: {
            /**
             * @description What the key is for, for people.
             * @example billing-service
             */
            name: string;
            /**
             * @description read, write, admin (across tenants), worker (the worker protocol) or metrics (GET /metrics).
             * @enum {string}
             */
            scope: "read" | "write" | "admin" | "worker" | "metrics";
            /**
             * @description The tenant whose tasks the key sees and creates; the creating key's tenant when left out.
             * @example acme
             */
            tenant?: string;
            /**
             * Format: date-time
             * @description When the key stops working; never when left out.
             * @example 2026-11-23T10:15:30.123Z
             */
            expires_at?: string;
        };
        CreatedApiKey: {
            /** @example 5f0c1e2d3a4b6c7d */
            id: string;
            name: string;
            tenant: string;
            /** @enum {string} */
            scope: "read" | "write" | "admin" | "worker" | "metrics";
            /** @description The key that created it. */
            created_by: string | null;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            expires_at: string | null;
            /**
             * Format: date-time
             * @description Updated at most once a minute.
             * @example 2026-11-23T10:15:30.123Z
             */
            last_used_at: string | null;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            revoked_at: string | null;
            /**
             * @description The key itself: shown this once, stored only as a hash.
             * @example atr_3q2-…
             */
            secret: string;
        };
        Error: {
            /** @example 400 */
            statusCode: number;
            /** @example Bad Request */
            error: string;
            /** @example parameters.record_count: Too big: expected number to be <=10000000 */
            message: string;
            /** @description For validation errors: each field at fault, so a form can show the message beside it. */
            details?: {
                field: string;
                message: string;
            }[];
        };
        ApiKeyList: {
            data: components["schemas"]["ApiKey"][];
        };
        ApiKey: {
            /** @example 5f0c1e2d3a4b6c7d */
            id: string;
            name: string;
            tenant: string;
            /** @enum {string} */
            scope: "read" | "write" | "admin" | "worker" | "metrics";
            /** @description The key that created it. */
            created_by: string | null;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            expires_at: string | null;
            /**
             * Format: date-time
             * @description Updated at most once a minute.
             * @example 2026-11-23T10:15:30.123Z
             */
            last_used_at: string | null;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            revoked_at: string | null;
        };
        SignInMethods: {
            /** @description Email and password (always). */
            password: boolean;
            /** @description Single sign-on through OpenID Connect (OIDC_ISSUER_URL is set). */
            oidc: boolean;
        };
        OidcStartRequest: {
            /**
             * Format: uri
             * @description Where the provider sends the person back (the web's /sign-in/oidc/callback).
             */
            redirect_uri: string;
        };
        /** @description Keep state, nonce and code_verifier (server-side, or in an HttpOnly cookie) for the callback. */
        OidcStart: {
            /** @description Send the person here. */
            authorization_url: string;
            state: string;
            nonce: string;
            code_verifier: string;
        };
        OidcCallbackRequest: {
            /**
             * Format: uri
             * @description The whole address the provider sent the person back to, code and state included.
             */
            callback_url: string;
            state: string;
            nonce: string;
            code_verifier: string;
        };
        Session: {
            /**
             * @description Send as Authorization: Bearer <token>; shown this once, stored only as a hash.
             * @example ats_Q2x…
             */
            token: string;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            expires_at: string;
            user: components["schemas"]["User"];
        };
        User: {
            /** @example usr_5f0c1e2d3a4b */
            id: string;
            email: string;
            /** @enum {string} */
            role: "viewer" | "operator" | "admin";
            tenant: string;
            /** @description The key or user that created it. */
            created_by: string | null;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            disabled_at: string | null;
        };
        SignInRequest: {
            /** @example ann@example.com */
            email: string;
            password: string;
        };
        WhoAmI: {
            /** @description The user's email, or the API key's name. */
            name: string;
            /** @enum {string} */
            scope: "read" | "write" | "admin" | "worker" | "metrics";
            tenant: string;
            /**
             * @description The role of a signed-in user; null for an API key.
             * @enum {string|null}
             */
            role: "viewer" | "operator" | "admin" | null;
        };
        CreateUserRequest: {
            /**
             * Format: email
             * @example ann@example.com
             */
            email: string;
            password: string;
            /** @enum {string} */
            role: "viewer" | "operator" | "admin";
            /** @description The tenant whose tasks the user sees; the creating admin's tenant when left out. */
            tenant?: string;
        };
        UserList: {
            data: components["schemas"]["User"][];
        };
        UpdateUserRequest: {
            /** @enum {string} */
            role?: "viewer" | "operator" | "admin";
            password?: string;
            /** @description true: the user can no longer sign in, and their sessions end at once. */
            disabled?: boolean;
        };
        RevokedSessions: {
            revoked: number;
        };
        AuditPage: {
            data: components["schemas"]["AuditEntry"][];
            next_cursor: string | null;
        };
        AuditEntry: {
            /** @description Grows with time: the newest entry has the highest. */
            id: string;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            at: string;
            /** @description The key that acted: `open` without keys, `env:<id>` for a key of API_KEYS, a created key's name; `anonymous` for a refused authentication. */
            actor: string;
            actor_key_id: string | null;
            /** @description The actor's tenant; null for a refused authentication. */
            tenant: string | null;
            /** @example task.cancel */
            action: string;
            /** @description What it acted on: a task or run id (`<run>/<step>` for a step), a workflow or key name. */
            target: string | null;
            /** @description The HTTP status the API answered: 2xx done, 4xx refused. */
            status: number;
            source_ip: string | null;
            /** @description The X-Request-Id of the request, as in the API log. */
            request_id: string | null;
            detail: {
                [key: string]: unknown;
            } | null;
        };
        TaskStats: {
            /**
             * Format: date-time
             * @description The database's clock when the figures were taken; every window ends here.
             * @example 2026-11-23T10:15:00.000Z
             */
            generated_at: string;
            /** @description Every task kept (see RESULT_RETENTION_DAYS). */
            total: number;
            /** @description Tasks in each status, every status listed. */
            by_status: {
                pending: number;
                processing: number;
                retrying: number;
                completed: number;
                failed: number;
                cancelled: number;
            };
            /**
             * @description Tasks of each type: every registered type, plus any other still in the table.
             * @example {
             *       "data_processing": 120,
             *       "report_generation": 8,
             *       "video_processing": 3,
             *       "default": 40
             *     }
             */
            by_type: {
                [key: string]: number;
            };
            /** @description Durations of the tasks completed in the last 24 hours. */
            durations: {
                /**
                 * Format: date-time
                 * @description Start of the window: 24 hours before generated_at.
                 * @example 2026-11-23T10:15:00.000Z
                 */
                since: string;
                /** @description For each type, the duration (completed_at − started_at) of its last attempt, over tasks completed in the window. */
                by_type: {
                    [key: string]: components["schemas"]["TaskDurationStats"];
                };
            };
            /** @description Completions and final failures per minute over the last 60 minutes. */
            throughput: {
                /**
                 * Format: date-time
                 * @description Start of the first minute.
                 * @example 2026-11-23T10:15:00.000Z
                 */
                since: string;
                /** @description 60 minutes, oldest first, the current (partial) minute last; minutes without any are 0. */
                per_minute: components["schemas"]["TaskThroughputMinute"][];
            };
        };
        TaskDurationStats: {
            /** @description Tasks of this type completed in the window. */
            completed: number;
            /** @description Median duration in milliseconds; null when none completed. */
            p50_ms: number | null;
            /** @description 95th percentile duration in milliseconds; null when none completed. */
            p95_ms: number | null;
        };
        TaskThroughputMinute: {
            /**
             * Format: date-time
             * @description Start of the minute.
             * @example 2026-11-23T10:15:00.000Z
             */
            minute: string;
            /** @description Tasks that completed in this minute. */
            completed: number;
            /** @description Tasks that failed for good (no attempts left) in this minute. */
            failed: number;
        };
        TaskEvent: {
            /** @enum {string} */
            type: "task.updated";
            task: components["schemas"]["TaskSnapshot"];
        } | {
            /** @enum {string} */
            type: "task.deleted";
            /** Format: uuid */
            task_id: string;
            tenant: string;
        };
        TaskSnapshot: {
            /**
             * Format: uuid
             * @example 0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21
             */
            id: string;
            /** @example data_processing */
            task_type: string;
            /**
             * @description The tenant the task belongs to: that of the API key that created it.
             * @example default
             */
            tenant: string;
            status: components["schemas"]["TaskStatus"];
            /** @description Percent done, as the handler last reported it. */
            progress: number;
            /** @example Processed 50,000 of 100,000 records */
            progress_message: string | null;
            /** @description Attempts started so far. */
            attempts: number;
            /** @description 1 + the automatic retries the task is allowed. */
            max_attempts: number;
            /** @description The worker running, or that last ran, the task. */
            worker_id: string | null;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            updated_at: string;
        };
        /** @enum {string} */
        TaskStatus: "pending" | "processing" | "retrying" | "completed" | "failed" | "cancelled";
        TaskEventsReset: {
            /** @enum {string} */
            type: "reset";
            message: string;
        };
        BulkDryRun: {
            /** @enum {boolean} */
            dry_run: true;
            /**
             * @description What to do to every task matched: cancel, retry or delete.
             * @enum {string}
             */
            action: "cancel" | "retry" | "delete";
            /** @description Tasks the filter (and ids) match. */
            matched: number;
            /** @description Of those, tasks whose status allows the action now. */
            applicable: number;
            /** @description The tasks matched, by status. */
            by_status: {
                [key: string]: number;
            };
        };
        BulkOperation: {
            /** Format: uuid */
            id: string;
            /**
             * @description What to do to every task matched: cancel, retry or delete.
             * @enum {string}
             */
            action: "cancel" | "retry" | "delete";
            filter: {
                [key: string]: string;
            };
            ids: string[] | null;
            /** @enum {string} */
            status: "queued" | "running" | "completed" | "cancelled" | "failed";
            /** @description Tasks matched when the operation started: the ones it goes through. */
            matched: number;
            /** @description Tasks gone through so far (acted on or skipped). */
            processed: number;
            acted: number;
            skipped: number;
            /** @description How many tasks were skipped for each reason. */
            skipped_by_reason: {
                [key: string]: number;
            };
            progress: number;
            error: string | null;
            created_by: string;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            started_at: string | null;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            finished_at: string | null;
        };
        CreateTaskRequest: {
            /** @description A type listed at GET /task-types: built in, data_processing, report_generation, video_processing, default, or one of the operator's command types. */
            task_type: string;
            /**
             * @description Parameters of the task type, validated against its schema at GET /task-types; defaults fill in the rest.
             * @default {}
             */
            parameters?: {
                [key: string]: unknown;
            };
            /**
             * @description 1 is the most urgent, 10 the least; the queue honours it.
             * @default 5
             */
            priority?: number;
            /**
             * @description Free text to recognise the task by; `GET /tasks?name=` searches it.
             * @example Invoice run for ACME, November
             */
            name?: string;
            /**
             * @description Up to 20 `key: value` labels to find the task by (`GET /tasks?label.<key>=<value>`). Keys: 1–63 letters, digits, _ - . or /; values: up to 200 characters.
             * @default {}
             * @example {
             *       "project": "beta",
             *       "customer": "42"
             *     }
             */
            labels?: {
                [key: string]: string;
            };
            /**
             * @description The task's own concurrency key (and limit), in place of its type's key template: it takes turns with the other keys of its queue and runs at most `limit` at once with the tasks of its key, across every worker.
             * @example {
             *       "key": "customer 42",
             *       "limit": 1
             *     }
             */
            concurrency?: {
                /** @description The key this task counts under, e.g. "customer 42". */
                key: string;
                /** @description Most tasks of this key running at once across every worker; without it, the type's key_concurrency (if any). */
                limit?: number;
            };
            /**
             * Format: uri
             * @description POSTed, signed with WEBHOOK_CALLBACK_SECRET, when the task reaches a final status (completed, failed, cancelled), like a webhook. Private, loopback and link-local addresses are refused unless the host is in WEBHOOK_ALLOWED_HOSTS.
             * @example https://hooks.example.com/atropos
             */
            callback_url?: string;
            /** @description Run the task this many milliseconds from now (up to 30 days). */
            delay_ms?: number;
            /**
             * Format: date-time
             * @description Run the task at this time (ISO 8601, up to 30 days ahead); not with delay_ms.
             */
            run_at?: string;
            /** @description An attempt running longer fails with a timeout error (and is retried); defaults to the type's timeout. */
            timeout_s?: number;
        };
        Task: {
            /**
             * Format: uuid
             * @example 0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21
             */
            id: string;
            /** @example data_processing */
            task_type: string;
            /**
             * @description The tenant the task belongs to: that of the API key that created it.
             * @example default
             */
            tenant: string;
            status: components["schemas"]["TaskStatus"];
            /** @description Percent done, as the handler last reported it. */
            progress: number;
            /** @example Processed 50,000 of 100,000 records */
            progress_message: string | null;
            /** @description Attempts started so far. */
            attempts: number;
            /** @description 1 + the automatic retries the task is allowed. */
            max_attempts: number;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            updated_at: string;
            /**
             * Format: date-time
             * @description When the current or last attempt started.
             * @example 2026-11-23T10:15:30.123Z
             */
            started_at: string | null;
            /**
             * Format: date-time
             * @description When the task reached a final status.
             * @example 2026-11-23T10:15:30.123Z
             */
            completed_at: string | null;
            /** @description The parameters as validated, defaults filled in. */
            parameters: {
                [key: string]: unknown;
            };
            priority: number;
            /**
             * @description The name given at creation; null without one.
             * @example Invoice run for ACME, November
             */
            name: string | null;
            /**
             * @description The labels given at creation (or by its workflow run); {} without any.
             * @example {
             *       "project": "beta",
             *       "customer": "42"
             *     }
             */
            labels: {
                [key: string]: string;
            };
            /**
             * @description The concurrency key given at creation; null without one.
             * @example {
             *       "key": "customer 42",
             *       "limit": 1
             *     }
             */
            concurrency: {
                /** @description The key this task counts under, e.g. "customer 42". */
                key: string;
                /** @description Most tasks of this key running at once across every worker; without it, the type's key_concurrency (if any). */
                limit?: number;
            } | null;
            /** @description What the handler returned, once completed; null before. */
            result: unknown;
            /** @description Why the task failed, or why the last attempt did while it is retried. */
            error: string | null;
            /** @description The error of every failed attempt, oldest first. */
            attempt_errors: components["schemas"]["AttemptError"][];
            /** @description The worker running, or that last ran, the task. */
            worker_id: string | null;
            /**
             * Format: date-time
             * @description When a scheduled task becomes due; null for one queued to run at once.
             * @example 2026-11-23T10:15:30.123Z
             */
            scheduled_for: string | null;
            /** @description An attempt running longer than this fails with a timeout error. */
            timeout_s: number;
            /**
             * Format: uuid
             * @description The workflow run this task is a step of (GET /workflow-runs/{id}); null for a task of its own.
             */
            workflow_run_id: string | null;
            /** @description Index (from 0) of that step in its run; null for a task of its own. */
            workflow_step: number | null;
            /**
             * @description The OpenTelemetry trace the task was created in (its attempts are spans of it); null when tracing is off.
             * @example 4bf92f3577b34da6a3ce929d0e0e4736
             */
            trace_id: string | null;
        };
        AttemptError: {
            attempt: number;
            error: string;
            worker_id: string | null;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            failed_at: string;
        };
        CreateTaskBatchRequest: {
            /** @description 1–1000 tasks, created all or none. */
            tasks: components["schemas"]["CreateTaskRequest"][];
        };
        TaskBatch: {
            /** @description The tasks, in the order they were sent. */
            data: components["schemas"]["Task"][];
        };
        TaskList: {
            /** @description Newest first. */
            data: components["schemas"]["TaskSummary"][];
            /** @description Pass as `cursor` for the next page; null on the last page. */
            next_cursor: string | null;
        };
        /** @description A task without parameters, result, attempt_errors, unless the list's `include` names them. */
        TaskSummary: {
            /**
             * Format: uuid
             * @example 0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21
             */
            id: string;
            /** @example data_processing */
            task_type: string;
            /**
             * @description The tenant the task belongs to: that of the API key that created it.
             * @example default
             */
            tenant: string;
            status: components["schemas"]["TaskStatus"];
            /** @description Percent done, as the handler last reported it. */
            progress: number;
            /** @example Processed 50,000 of 100,000 records */
            progress_message: string | null;
            /** @description Attempts started so far. */
            attempts: number;
            /** @description 1 + the automatic retries the task is allowed. */
            max_attempts: number;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            updated_at: string;
            /**
             * Format: date-time
             * @description When the current or last attempt started.
             * @example 2026-11-23T10:15:30.123Z
             */
            started_at: string | null;
            /**
             * Format: date-time
             * @description When the task reached a final status.
             * @example 2026-11-23T10:15:30.123Z
             */
            completed_at: string | null;
            /** @description The parameters as validated, defaults filled in. */
            parameters?: {
                [key: string]: unknown;
            };
            priority: number;
            /**
             * @description The name given at creation; null without one.
             * @example Invoice run for ACME, November
             */
            name: string | null;
            /**
             * @description The labels given at creation (or by its workflow run); {} without any.
             * @example {
             *       "project": "beta",
             *       "customer": "42"
             *     }
             */
            labels: {
                [key: string]: string;
            };
            /**
             * @description The concurrency key given at creation; null without one.
             * @example {
             *       "key": "customer 42",
             *       "limit": 1
             *     }
             */
            concurrency: {
                /** @description The key this task counts under, e.g. "customer 42". */
                key: string;
                /** @description Most tasks of this key running at once across every worker; without it, the type's key_concurrency (if any). */
                limit?: number;
            } | null;
            /** @description What the handler returned, once completed; null before. */
            result?: unknown;
            /** @description Why the task failed, or why the last attempt did while it is retried. */
            error: string | null;
            /** @description The error of every failed attempt, oldest first. */
            attempt_errors?: components["schemas"]["AttemptError"][];
            /** @description The worker running, or that last ran, the task. */
            worker_id: string | null;
            /**
             * Format: date-time
             * @description When a scheduled task becomes due; null for one queued to run at once.
             * @example 2026-11-23T10:15:30.123Z
             */
            scheduled_for: string | null;
            /** @description An attempt running longer than this fails with a timeout error. */
            timeout_s: number;
            /**
             * Format: uuid
             * @description The workflow run this task is a step of (GET /workflow-runs/{id}); null for a task of its own.
             */
            workflow_run_id: string | null;
            /** @description Index (from 0) of that step in its run; null for a task of its own. */
            workflow_step: number | null;
            /**
             * @description The OpenTelemetry trace the task was created in (its attempts are spans of it); null when tracing is off.
             * @example 4bf92f3577b34da6a3ce929d0e0e4736
             */
            trace_id: string | null;
        };
        TaskDetail: {
            /**
             * Format: uuid
             * @example 0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21
             */
            id: string;
            /** @example data_processing */
            task_type: string;
            /**
             * @description The tenant the task belongs to: that of the API key that created it.
             * @example default
             */
            tenant: string;
            status: components["schemas"]["TaskStatus"];
            /** @description Percent done, as the handler last reported it. */
            progress: number;
            /** @example Processed 50,000 of 100,000 records */
            progress_message: string | null;
            /** @description Attempts started so far. */
            attempts: number;
            /** @description 1 + the automatic retries the task is allowed. */
            max_attempts: number;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            updated_at: string;
            /**
             * Format: date-time
             * @description When the current or last attempt started.
             * @example 2026-11-23T10:15:30.123Z
             */
            started_at: string | null;
            /**
             * Format: date-time
             * @description When the task reached a final status.
             * @example 2026-11-23T10:15:30.123Z
             */
            completed_at: string | null;
            /** @description The parameters as validated, defaults filled in. */
            parameters: {
                [key: string]: unknown;
            };
            priority: number;
            /**
             * @description The name given at creation; null without one.
             * @example Invoice run for ACME, November
             */
            name: string | null;
            /**
             * @description The labels given at creation (or by its workflow run); {} without any.
             * @example {
             *       "project": "beta",
             *       "customer": "42"
             *     }
             */
            labels: {
                [key: string]: string;
            };
            /**
             * @description The concurrency key given at creation; null without one.
             * @example {
             *       "key": "customer 42",
             *       "limit": 1
             *     }
             */
            concurrency: {
                /** @description The key this task counts under, e.g. "customer 42". */
                key: string;
                /** @description Most tasks of this key running at once across every worker; without it, the type's key_concurrency (if any). */
                limit?: number;
            } | null;
            /** @description What the handler returned, once completed; null before. */
            result: unknown;
            /** @description Why the task failed, or why the last attempt did while it is retried. */
            error: string | null;
            /** @description The error of every failed attempt, oldest first. */
            attempt_errors: components["schemas"]["AttemptError"][];
            /** @description The worker running, or that last ran, the task. */
            worker_id: string | null;
            /**
             * Format: date-time
             * @description When a scheduled task becomes due; null for one queued to run at once.
             * @example 2026-11-23T10:15:30.123Z
             */
            scheduled_for: string | null;
            /** @description An attempt running longer than this fails with a timeout error. */
            timeout_s: number;
            /**
             * Format: uuid
             * @description The workflow run this task is a step of (GET /workflow-runs/{id}); null for a task of its own.
             */
            workflow_run_id: string | null;
            /** @description Index (from 0) of that step in its run; null for a task of its own. */
            workflow_step: number | null;
            /**
             * @description The OpenTelemetry trace the task was created in (its attempts are spans of it); null when tracing is off.
             * @example 4bf92f3577b34da6a3ce929d0e0e4736
             */
            trace_id: string | null;
            /** @description Files the task saved, oldest first. */
            artifacts: components["schemas"]["Artifact"][];
            /**
             * @description Why a pending or retrying task does not start: a flow-control limit holds it, or no live worker serves its queue. null when it is not waiting, or waits only for a free worker.
             * @example waiting: customer 42 at its limit of 1
             */
            waiting_reason: string | null;
        };
        Artifact: {
            /** @example report.md */
            name: string;
            /** @example text/markdown; charset=utf-8 */
            content_type: string;
            size_bytes: number;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            created_at: string;
            /**
             * @description Where to download it: GET /tasks/{id}/artifacts/{name}.
             * @example /tasks/0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21/artifacts/report.md
             */
            url: string;
        };
        RetryTaskRequest: {
            /** @description New parameters, validated against the task's type; the ones it had stay in its history (GET /tasks/{id}/parameter-versions). */
            parameters?: {
                [key: string]: unknown;
            };
            /**
             * @description `merge`: these keys replace the task's own, the others stay; `replace`: these are the parameters, whole.
             * @default merge
             * @enum {string}
             */
            mode?: "merge" | "replace";
        };
        TaskParameterVersionList: {
            data: components["schemas"]["TaskParameterVersion"][];
        };
        TaskParameterVersion: {
            version: number;
            parameters: {
                [key: string]: unknown;
            };
            /** @description The key that set them; null for the parameters the task was created with. */
            changed_by: string | null;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            changed_at: string;
            /** @description The attempts that ran with this version. */
            attempts: number[];
            /**
             * Format: uuid
             * @description Set when another task ran this version: the step task a workflow resume with new parameters replaced.
             */
            ran_on_task_id: string | null;
        };
        TaskStatusView: {
            /**
             * Format: uuid
             * @example 0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21
             */
            id: string;
            /** @example data_processing */
            task_type: string;
            /**
             * @description The tenant the task belongs to: that of the API key that created it.
             * @example default
             */
            tenant: string;
            status: components["schemas"]["TaskStatus"];
            /** @description Percent done, as the handler last reported it. */
            progress: number;
            /** @example Processed 50,000 of 100,000 records */
            progress_message: string | null;
            /** @description Attempts started so far. */
            attempts: number;
            /** @description 1 + the automatic retries the task is allowed. */
            max_attempts: number;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            updated_at: string;
            /**
             * Format: date-time
             * @description When the current or last attempt started.
             * @example 2026-11-23T10:15:30.123Z
             */
            started_at: string | null;
            /**
             * Format: date-time
             * @description When the task reached a final status.
             * @example 2026-11-23T10:15:30.123Z
             */
            completed_at: string | null;
        };
        TaskResult: {
            /** Format: uuid */
            id: string;
            status: components["schemas"]["TaskStatus"];
            /** @description What the handler returned; null unless completed. */
            result: unknown;
            /** @description Why the task failed; null unless failed. */
            error: string | null;
            attempt_errors: components["schemas"]["AttemptError"][];
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            completed_at: string | null;
        };
        TaskNotFinished: {
            /** Format: uuid */
            id: string;
            status: components["schemas"]["TaskStatus"];
            progress: number;
            progress_message: string | null;
            /** @example The task is still processing; ask again after the Retry-After delay */
            message: string;
        };
        TaskLogPage: {
            data: components["schemas"]["TaskLogLine"][];
            /** @description Pass as `cursor` for the lines after this page; null when this page has them all (so far). */
            next_cursor: string | null;
        };
        TaskLogLine: {
            /**
             * @description Increases with every line; lines are in this order.
             * @example 1042
             */
            id: string;
            /** Format: uuid */
            task_id: string;
            /** @example 1 */
            attempt: number;
            /** @enum {string} */
            level: "debug" | "info" | "warn" | "error";
            /** @example Processed 50,000 of 100,000 records */
            message: string;
            /** @description What the handler passed with the line; `{"stream": "stdout" | "stderr"}` for a command's output. */
            fields: {
                [key: string]: unknown;
            } | null;
            /** Format: date-time */
            time: string;
        };
        TaskTypeList: {
            /** @example data_processing */
            name: string;
            description: string;
            /**
             * @description built_in: part of Atropos; command: a command the operator declared in config/task-types.json; http: declared there too, and served by workers in any language over the worker protocol (`/worker/…`); registered: a type a worker of @atropos/worker registered when it started.
             * @enum {string}
             */
            kind: "built_in" | "command" | "http" | "registered";
            /** @description JSON Schema (draft 2020-12) of the parameters: types, bounds and defaults, for forms and clients. */
            parameters_schema: {
                [key: string]: unknown;
            };
            /** @description JSON Schema (draft 2020-12) of the `result` a completed task of this type holds; the worker checks each result against it. Null when the type declares none. */
            result_schema: {
                [key: string]: unknown;
            } | null;
            /** @description Parameters that show the type off. */
            example: {
                [key: string]: unknown;
            };
            /** @description A task's timeout when it asks for none. */
            timeout_s: number;
            /** @description Retries after a failed first attempt. */
            max_retries: number;
            /** @description sha256: of the parameter and result schemas; each task keeps the one it was validated with. */
            fingerprint: string;
            /** @description Live workers serving the type now. 0: its tasks are accepted and wait in the queue until one starts. */
            workers: number;
            /** @description What a client should know before queueing a task of this type, e.g. that no live worker serves it. */
            note: string | null;
            /** @description Live workers serve the type with other schemas than the ones the API validates with (the newest registration wins). */
            conflict: {
                message: string;
                /** @description The schemas new tasks are validated against first, then the live workers' others. */
                fingerprints: string[];
            } | null;
        }[];
        WorkflowList: components["schemas"]["Workflow"][];
        Workflow: {
            /** @example nightly-report */
            name: string;
            description: string;
            /**
             * @description What the steps read from the input (`${input.<path>}`): a run must give each of these.
             * @example [
             *       "title",
             *       "sections"
             *     ]
             */
            input_paths: string[];
            /** @description The latest version (`PUT /workflows/{name}` adds one; runs keep theirs). */
            version: number;
            /** @description A run's parallelism limit: at most this many of its step tasks unfinished at once. */
            max_parallel: number;
            steps: {
                /** @example crunch */
                name: string;
                /** @enum {string} */
                kind: "task" | "approval";
                /** @example data_processing */
                task_type: string | null;
                description: string | null;
                /** @description Static values and `${input.<path>}` / `${steps.<step>.result.<path>}` references, as the definition gives them. */
                parameters: {
                    [key: string]: unknown;
                };
                /** @description The steps it runs after (a linear definition: the step before). */
                needs: string[];
                if: string | null;
                for_each: string | null;
                max_parallel: number | null;
                continue_on_failure: boolean;
                timeout: number | null;
                /** @enum {string|null} */
                on_timeout: "reject" | "approve" | null;
            }[];
        };
        WorkflowVersionList: components["schemas"]["WorkflowVersion"][];
        WorkflowVersion: {
            name: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            created_at: string;
            definition: {
                [key: string]: unknown;
            };
        };
        StartWorkflowRunRequest: {
            /**
             * @description What the steps read through `${input.<path>}` references.
             * @default {}
             */
            input?: {
                [key: string]: unknown;
            };
            /**
             * @description Labels of the run, which every one of its step tasks carries (see POST /tasks).
             * @default {}
             * @example {
             *       "project": "beta",
             *       "customer": "42"
             *     }
             */
            labels?: {
                [key: string]: string;
            };
        };
        WorkflowRun: {
            /** Format: uuid */
            id: string;
            /** @example nightly-report */
            workflow: string;
            /** @description The version of the definition the run started with. */
            version: number;
            status: components["schemas"]["WorkflowRunStatus"];
            input: {
                [key: string]: unknown;
            };
            /** @description The labels the run was started with; its step tasks carry them. */
            labels: {
                [key: string]: string;
            };
            /** @description Index (from 0) of the first step not done yet, or of the step that failed the run. */
            current_step: number;
            step_count: number;
            /** @description Why the run failed; null otherwise. */
            error: string | null;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            updated_at: string;
            /**
             * Format: date-time
             * @description When the run completed, failed or was cancelled.
             * @example 2026-11-23T10:15:30.123Z
             */
            completed_at: string | null;
            steps: components["schemas"]["WorkflowRunStep"][];
        };
        /** @enum {string} */
        WorkflowRunStatus: "running" | "paused" | "completed" | "failed" | "cancelled";
        WorkflowRunStep: {
            index: number;
            name: string;
            /** @enum {string} */
            kind: "task" | "approval";
            task_type: string | null;
            /** @description Static values and `${input.<path>}` / `${steps.<step>.result.<path>}` references, as the definition gives them. */
            parameters: {
                [key: string]: unknown;
            };
            needs: string[];
            if: string | null;
            for_each: string | null;
            continue_on_failure: boolean;
            /** @description Its latest task's status (a fanned-out step: what its elements add up to), `waiting` before it has one, `skipped`, or an approval's. */
            status: components["schemas"]["WorkflowStepStatus"];
            /** @description Starts at 0; each rerun that includes this step adds one. */
            round: number;
            /**
             * Format: uuid
             * @description The step's latest task (GET /tasks/{id}); null for fanned-out and approval steps.
             */
            task_id: string | null;
            /** @enum {string|null} */
            task_status: "pending" | "processing" | "retrying" | "completed" | "failed" | "cancelled" | null;
            attempts: number;
            max_attempts: number | null;
            progress: number;
            progress_message: string | null;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            started_at: string | null;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            completed_at: string | null;
            error: string | null;
            skip_reason: string | null;
            /** @description A fanned-out step: its elements (`total` is null until it starts) and their tasks. */
            items: {
                total: number | null;
                created: number;
                completed: number;
                failed: number;
                running: number;
            } | null;
            approval: {
                since: string | null;
                deadline: string | null;
                decided_at: string | null;
                /** @enum {string|null} */
                decided_by: "operator" | "timeout" | null;
                comment: string | null;
                payload: {
                    [key: string]: unknown;
                } | null;
            } | null;
            /** @description Every task the step had, oldest first: resumes and reruns (empty for a fanned-out step). */
            history: {
                /** Format: uuid */
                task_id: string;
                round: number;
                /** @enum {string} */
                status: "pending" | "processing" | "retrying" | "completed" | "failed" | "cancelled";
                attempts: number;
                /**
                 * Format: date-time
                 * @example 2026-11-23T10:15:30.123Z
                 */
                created_at: string;
                /**
                 * Format: date-time
                 * @example 2026-11-23T10:15:30.123Z
                 */
                completed_at: string | null;
                error: string | null;
            }[];
        };
        /** @enum {string} */
        WorkflowStepStatus: "waiting" | "pending" | "processing" | "retrying" | "completed" | "failed" | "cancelled" | "skipped" | "awaiting_approval" | "approved" | "rejected";
        WorkflowRunList: {
            /** @description Newest first. */
            data: components["schemas"]["WorkflowRunSummary"][];
            /** @description Pass as `cursor` for the next page; null on the last page. */
            next_cursor: string | null;
        };
        WorkflowRunSummary: {
            /** Format: uuid */
            id: string;
            /** @example nightly-report */
            workflow: string;
            /** @description The version of the definition the run started with. */
            version: number;
            status: components["schemas"]["WorkflowRunStatus"];
            input: {
                [key: string]: unknown;
            };
            /** @description The labels the run was started with; its step tasks carry them. */
            labels: {
                [key: string]: string;
            };
            /** @description Index (from 0) of the first step not done yet, or of the step that failed the run. */
            current_step: number;
            step_count: number;
            /** @description Why the run failed; null otherwise. */
            error: string | null;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            updated_at: string;
            /**
             * Format: date-time
             * @description When the run completed, failed or was cancelled.
             * @example 2026-11-23T10:15:30.123Z
             */
            completed_at: string | null;
        };
        /** @default {} */
        ResumeWorkflowRunRequest: {
            /** @description Only when resuming a failed run: values that replace those of the failed step's parameters (key by key) in this run, e.g. to fix what made it fail. */
            parameters?: {
                [key: string]: unknown;
            };
        };
        RerunWorkflowRunRequest: {
            /** @description The step to run again; every step downstream of it runs again too. */
            from_step: string;
            /** @description Values that replace those of `from_step`'s parameters (key by key) in this run. */
            parameters?: {
                [key: string]: unknown;
            };
        };
        /** @default {} */
        ApprovalDecisionRequest: {
            /** @description What later steps read as `${steps.<step>.result.payload.<path>}`. */
            payload?: {
                [key: string]: unknown;
            };
            /** @description Why, for the run page. */
            comment?: string;
        };
        PendingApprovalList: {
            /** Format: uuid */
            run_id: string;
            workflow: string;
            step: string;
            since: string | null;
            deadline: string | null;
            input: {
                [key: string]: unknown;
            };
        }[];
        CreateScheduleRequest: {
            /** @example nightly-report */
            name: string;
            /**
             * @description 5 fields ("minute hour day-of-month month day-of-week") or 6 with seconds first; @daily and friends too.
             * @example 0 3 * * *
             */
            cron: string;
            /**
             * @description IANA time zone the cron reads its times in; daylight-saving transitions are the zone's.
             * @default UTC
             * @example Europe/Berlin
             */
            timezone?: string;
            /** @description A type listed at GET /task-types. */
            task_type: string;
            /**
             * @description Every task's parameters, checked against the type's schema now and at each fire.
             * @default {}
             */
            parameters?: {
                [key: string]: unknown;
            };
            /**
             * @description The tasks' priority: 1 is the most urgent, 10 the least.
             * @default 5
             */
            priority?: number;
            /**
             * @description When a slot comes while a task of this schedule is unfinished: skip the slot (recorded in the history), allow a second task, or cancel_previous (cancel the unfinished task and start the new one).
             * @default skip
             * @enum {string}
             */
            overlap?: "skip" | "allow" | "cancel_previous";
            /**
             * @description Slots missed by more than 30 s (no API was up): none fire, only the latest, or all of them (at most the newest 100).
             * @default none
             * @enum {string}
             */
            catch_up?: "none" | "latest" | "all";
            /**
             * @description False: paused, no slot fires (POST …/trigger still does).
             * @default true
             */
            enabled?: boolean;
        };
        Schedule: {
            /** Format: uuid */
            id: string;
            name: string;
            cron: string;
            timezone: string;
            task_type: string;
            parameters: {
                [key: string]: unknown;
            };
            priority: number;
            /** @enum {string} */
            overlap: "skip" | "allow" | "cancel_previous";
            /** @enum {string} */
            catch_up: "none" | "latest" | "all";
            enabled: boolean;
            /**
             * @description config: declared in config/schedules.json, changed there (pause, resume and trigger work here).
             * @enum {string}
             */
            source: "api" | "config";
            /** @description The next five fire times; empty while paused. */
            next_runs: string[];
            last_fire: components["schemas"]["ScheduleFire"] | null;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            updated_at: string;
        };
        ScheduleFire: {
            /**
             * Format: date-time
             * @description The slot fired: its cron time, or the moment of a manual trigger.
             * @example 2026-11-23T10:15:30.123Z
             */
            slot_at: string;
            /** @enum {string} */
            trigger: "cron" | "manual";
            /**
             * @description created a task; skipped (overlap: skip, a task was unfinished); refused (the parameters no longer fit the type).
             * @enum {string}
             */
            outcome: "created" | "skipped" | "refused";
            /** Format: uuid */
            task_id: string | null;
            /**
             * @description The task's status now; null if none was created or it was deleted since.
             * @enum {string|null}
             */
            task_status: "pending" | "processing" | "retrying" | "completed" | "failed" | "cancelled" | null;
            /** @description Why the slot was skipped or refused. */
            detail: string | null;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            fired_at: string;
        };
        ScheduleList: components["schemas"]["Schedule"][];
        ScheduleDetail: {
            /** Format: uuid */
            id: string;
            name: string;
            cron: string;
            timezone: string;
            task_type: string;
            parameters: {
                [key: string]: unknown;
            };
            priority: number;
            /** @enum {string} */
            overlap: "skip" | "allow" | "cancel_previous";
            /** @enum {string} */
            catch_up: "none" | "latest" | "all";
            enabled: boolean;
            /**
             * @description config: declared in config/schedules.json, changed there (pause, resume and trigger work here).
             * @enum {string}
             */
            source: "api" | "config";
            /** @description The next five fire times; empty while paused. */
            next_runs: string[];
            last_fire: components["schemas"]["ScheduleFire"] | null;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            updated_at: string;
            /** @description The newest fired slots first (at most 50). */
            history: components["schemas"]["ScheduleFire"][];
        };
        UpdateScheduleRequest: {
            /** @example nightly-report */
            name?: string;
            /**
             * @description 5 fields ("minute hour day-of-month month day-of-week") or 6 with seconds first; @daily and friends too.
             * @example 0 3 * * *
             */
            cron?: string;
            timezone?: string;
            /** @description A type listed at GET /task-types. */
            task_type?: string;
            parameters?: {
                [key: string]: unknown;
            };
            priority?: number;
            /** @enum {string} */
            overlap?: "skip" | "allow" | "cancel_previous";
            /** @enum {string} */
            catch_up?: "none" | "latest" | "all";
            enabled?: boolean;
        };
        ScheduleTriggerResult: {
            fire: components["schemas"]["ScheduleFire"];
            /** Format: uuid */
            task_id: string | null;
        };
        QueueState: {
            /** @description True while workers take no new jobs. */
            paused: boolean;
            /** @description Jobs ready to run. */
            waiting: number;
            /** @description Jobs workers hold right now. */
            active: number;
            /** @description Scheduled jobs and retries waiting for their backoff. */
            delayed: number;
        };
        QueueFlushResult: {
            /** @description Pending and retrying tasks cancelled. */
            cancelled: number;
        };
        QueueList: {
            data: components["schemas"]["Queue"][];
        };
        Queue: {
            /** @description The queue, as task types name it (`queue`) and workers serve it (WORKER_QUEUES). */
            name: string;
            /** @description True while workers take no new jobs of it. */
            paused: boolean;
            /** @description Jobs ready to run. */
            waiting: number;
            /** @description Jobs workers hold right now. */
            active: number;
            /** @description Scheduled jobs, retries waiting for their backoff, and tasks waiting for a flow-control limit. */
            delayed: number;
            /** @description Live workers that serve it. 0: its tasks wait until one starts. */
            workers: number;
            /** @description The task types whose tasks go to it. */
            task_types: string[];
        };
        WorkerClaimRequest: {
            /**
             * @description Names the worker in the task (`worker_id`) and in its attempt errors; unique per worker process.
             * @example py-host-1:4242
             */
            worker_id: string;
            /**
             * @description The task types this worker serves: types declared with `"worker": "http"` in config/task-types.json.
             * @example [
             *       "word_count"
             *     ]
             */
            types: string[];
            /**
             * @description How long to wait for a task when none is ready (long poll), 0 to 60 s; then 204.
             * @default 20
             */
            wait_s?: number;
        };
        WorkerClaimedTask: {
            /**
             * Format: uuid
             * @example 0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21
             */
            task_id: string;
            /**
             * @description The attempt this claim started: send it with every report; it fences them.
             * @example 1
             */
            attempt: number;
            /**
             * @description Attempts the task may have in all; a failure of the last one is final.
             * @example 4
             */
            max_attempts: number;
            /** @example word_count */
            task_type: string;
            /** @description Validated against the type's schema when the task was created, defaults filled in. */
            parameters: {
                [key: string]: unknown;
            };
            /** @description The attempt must end within this many seconds of the claim; the lease is never extended past it. */
            timeout_s: number;
            /**
             * Format: date-time
             * @description The attempt is this worker's until then; heartbeats and progress reports extend it.
             * @example 2026-11-23T10:15:30.123Z
             */
            lease_expires_at: string;
        };
        WorkerHeartbeatRequest: {
            /**
             * @description The `attempt` of the claim.
             * @example 1
             */
            attempt: number;
        };
        WorkerLease: {
            /**
             * Format: uuid
             * @example 0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21
             */
            task_id: string;
            /** @example 1 */
            attempt: number;
            /**
             * Format: date-time
             * @description The new end of the lease: report again well before it.
             * @example 2026-11-23T10:15:30.123Z
             */
            lease_expires_at: string;
        };
        WorkerProgressRequest: {
            /**
             * @description The `attempt` of the claim.
             * @example 1
             */
            attempt: number;
            /**
             * @description Percent done, 0 to 100.
             * @example 40
             */
            progress: number;
            /**
             * @description What the attempt is doing, shown with the task.
             * @default null
             */
            message?: string | null;
        };
        WorkerCompleteRequest: {
            /**
             * @description The `attempt` of the claim.
             * @example 1
             */
            attempt: number;
            /**
             * @description The result: any JSON value, kept with the task as sent; null when left out.
             * @example {
             *       "words": 42
             *     }
             */
            result: unknown;
            /**
             * @description A last progress message, kept with the result.
             * @default null
             */
            message?: string | null;
        };
        WorkerOutcome: {
            /**
             * Format: uuid
             * @example 0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21
             */
            task_id: string;
            /** @example 1 */
            attempt: number;
            /**
             * @description The task now: completed; retrying (another attempt follows after a backoff); failed for good.
             * @enum {string}
             */
            status: "completed" | "retrying" | "failed";
        };
        WorkerFailRequest: {
            /**
             * @description The `attempt` of the claim.
             * @example 1
             */
            attempt: number;
            /** @description What went wrong, kept in the task's attempt errors. */
            error: string;
            /**
             * @description false: retrying cannot help (bad input…), the task fails now; true: it is retried after a backoff while attempts remain.
             * @default true
             */
            retryable?: boolean;
        };
        Health: {
            /**
             * @description `degraded`: PostgreSQL and Redis are up but no worker is alive.
             * @enum {string}
             */
            status: "ok" | "degraded" | "down";
            database: {
                /** @enum {string} */
                status: "up" | "down";
                latency_ms: number;
                error?: string;
            };
            redis: {
                /** @enum {string} */
                status: "up" | "down";
                latency_ms: number;
                error?: string;
            };
            workers: {
                count: number;
                /** @description Every worker whose heartbeat has not expired, by worker_id. */
                live: components["schemas"]["WorkerHeartbeat"][];
            };
            /** @description Each queue (pool of workers), as GET /queues shows it. */
            queues: {
                name: string;
                paused: boolean;
                waiting: number;
                active: number;
                delayed: number;
                /** @description Live workers serving it: 0 while it has tasks means they wait for one. */
                workers: number;
                task_types: string[];
            }[];
        };
        WorkerHeartbeat: {
            /** @description WORKER_ID, or host:pid. */
            worker_id: string;
            hostname: string;
            pid: number;
            /** @description Tasks the worker runs at once at most. */
            concurrency: number;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            started_at: string;
            /**
             * Format: date-time
             * @description Its last heartbeat.
             * @example 2026-11-23T10:15:30.123Z
             */
            seen_at: string;
            /** @description Ids of the tasks the worker is running right now. */
            active_task_ids: string[];
            /** @description The queues (pools) it takes tasks from (WORKER_QUEUES); absent from workers older than pools. */
            queues?: string[];
        };
        PublicHealth: {
            /**
             * @description `up` is `ok` of the full report; the details need an API key.
             * @enum {string}
             */
            status: "up" | "degraded" | "down";
        };
        Liveness: {
            /** @enum {string} */
            status: "ok";
        };
        CreateWebhookRequest: {
            /**
             * Format: uri
             * @description Where deliveries are POSTed. Private, loopback and link-local addresses are refused unless the host is in WEBHOOK_ALLOWED_HOSTS.
             * @example https://hooks.example.com/atropos
             */
            url: string;
            /** @description The events to deliver. */
            events: ("task.completed" | "task.failed" | "task.cancelled" | "workflow_run.completed" | "workflow_run.failed" | "workflow_run.cancelled")[];
            /** @description Only the events of tasks (and runs) that match every field given. */
            filter?: {
                /** @description Only tasks of this type (and runs' steps of it). */
                task_type?: string;
                /**
                 * @description Only tasks and runs carrying every one of these labels.
                 * @example {
                 *       "project": "beta",
                 *       "customer": "42"
                 *     }
                 */
                labels?: {
                    [key: string]: string;
                };
            };
            /**
             * @description False: no delivery is made for new events.
             * @default true
             */
            enabled?: boolean;
            /** @description Signs every delivery (HMAC-SHA256); never shown again. Left out on creation: one is made and returned once. */
            secret?: string;
        };
        CreatedWebhook: {
            /** Format: uuid */
            id: string;
            url: string;
            events: ("task.completed" | "task.failed" | "task.cancelled" | "workflow_run.completed" | "workflow_run.failed" | "workflow_run.cancelled")[];
            /** @description Only the events of tasks (and runs) that match every field given. */
            filter: {
                /** @description Only tasks of this type (and runs' steps of it). */
                task_type?: string;
                /**
                 * @description Only tasks and runs carrying every one of these labels.
                 * @example {
                 *       "project": "beta",
                 *       "customer": "42"
                 *     }
                 */
                labels?: {
                    [key: string]: string;
                };
            } | null;
            enabled: boolean;
            tenant: string;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            updated_at: string;
            secret: string;
        };
        WebhookList: {
            data: components["schemas"]["Webhook"][];
        };
        Webhook: {
            /** Format: uuid */
            id: string;
            url: string;
            events: ("task.completed" | "task.failed" | "task.cancelled" | "workflow_run.completed" | "workflow_run.failed" | "workflow_run.cancelled")[];
            /** @description Only the events of tasks (and runs) that match every field given. */
            filter: {
                /** @description Only tasks of this type (and runs' steps of it). */
                task_type?: string;
                /**
                 * @description Only tasks and runs carrying every one of these labels.
                 * @example {
                 *       "project": "beta",
                 *       "customer": "42"
                 *     }
                 */
                labels?: {
                    [key: string]: string;
                };
            } | null;
            enabled: boolean;
            tenant: string;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            updated_at: string;
        };
        UpdateWebhookRequest: {
            /**
             * Format: uri
             * @description Where deliveries are POSTed. Private, loopback and link-local addresses are refused unless the host is in WEBHOOK_ALLOWED_HOSTS.
             * @example https://hooks.example.com/atropos
             */
            url?: string;
            /** @description The events to deliver. */
            events?: ("task.completed" | "task.failed" | "task.cancelled" | "workflow_run.completed" | "workflow_run.failed" | "workflow_run.cancelled")[];
            /** @description null removes the filter. */
            filter?: {
                /** @description Only tasks of this type (and runs' steps of it). */
                task_type?: string;
                /**
                 * @description Only tasks and runs carrying every one of these labels.
                 * @example {
                 *       "project": "beta",
                 *       "customer": "42"
                 *     }
                 */
                labels?: {
                    [key: string]: string;
                };
            } | null;
            enabled?: boolean;
            /** @description A new secret: deliveries from now on are signed with it. */
            secret?: string;
        };
        WebhookDelivery: {
            /**
             * Format: uuid
             * @description The Atropos-Delivery-Id header: the same on every attempt and redelivery.
             */
            id: string;
            /**
             * Format: uuid
             * @description The subscription; null for a task's callback_url.
             */
            webhook_id: string | null;
            url: string;
            event: string;
            /**
             * Format: uuid
             * @description The task or workflow run the event is about.
             */
            subject_id: string | null;
            /** @enum {string} */
            status: "pending" | "delivered" | "failed";
            attempts: number;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            next_attempt_at: string | null;
            /**
             * Format: date-time
             * @description Attempts stop after this (24 hours after the event or the redelivery).
             * @example 2026-11-23T10:15:30.123Z
             */
            give_up_at: string;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            delivered_at: string | null;
            /** @description Every attempt, oldest first. */
            attempt_log: components["schemas"]["WebhookAttempt"][];
        };
        WebhookAttempt: {
            attempt: number;
            /**
             * Format: date-time
             * @example 2026-11-23T10:15:30.123Z
             */
            at: string;
            /** @description The receiver's HTTP status; null when none came (refused, timeout). */
            status_code: number | null;
            latency_ms: number;
            error: string | null;
        };
        WebhookDeliveryList: {
            data: components["schemas"]["WebhookDelivery"][];
        };
        Dashboard: {
            /** @description As GET /tasks/stats answers it. */
            stats: components["schemas"]["TaskStats"] | null;
            /** @description As GET /health answers a caller with a key (here with 200 even when something is down). */
            health: components["schemas"]["Health"];
            /** @description As GET /queue answers it. */
            queue: components["schemas"]["QueueState"] | null;
            /** @description As GET /queues answers it (its `data`). */
            queues: components["schemas"]["Queue"][] | null;
            /** @description As GET /workflow-approvals answers it. */
            pending_approvals: (unknown[] & components["schemas"]["PendingApprovalList"]) | null;
            /** @description The status of the tasks the live workers hold (the first 50), as GET /tasks/{id}/status answers each; tasks of other tenants and tasks deleted meanwhile are left out. */
            running: components["schemas"]["TaskStatusView"][] | null;
            /** @description Why each part that is null could not be read; empty when every part was. */
            errors: {
                [key: string]: string;
            };
        };
    };
    responses: {
        /** @description No API key, or not a valid one (revoked, expired, unknown); only when the API has keys. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The API key's scope is too small for this operation (see `x-required-scope`). */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description More than RATE_LIMIT_PER_MINUTE requests in this minute, or more than AUTH_FAILURES_PER_MINUTE refused authentications from this address; try again after `Retry-After` seconds. */
        TooManyRequests: {
            headers: {
                /** @description Seconds until the next window. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description PostgreSQL or Redis does not answer; try again in a few seconds. */
        Unavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
            /** @description Invalid body; `details` names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked (or already was). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            /** @description The id is not an API key id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No API key has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    signInMethods: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignInMethods"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    startOidcSignIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OidcStartRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OidcStart"];
                };
            };
            /** @description Invalid body. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Single sign-on is not configured. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    finishOidcSignIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OidcCallbackRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Invalid body. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The provider's answer did not check out, or no user has its email. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["Forbidden"];
            /** @description Single sign-on is not configured. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    signIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignInRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Invalid body. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The email or the password is wrong (or the user is disabled). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["Forbidden"];
            /** @description Too many failed sign-ins; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request carries an API key, not a session token. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    whoAmI: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WhoAmI"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    listUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUserRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Invalid body; `details` names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description A user with this email exists. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateUserRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Invalid body or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No user has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    revokeUserSessions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevokedSessions"];
                };
            };
            /** @description The id is not a user id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No user has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    listAuditEntries: {
        parameters: {
            query?: {
                /** @description Only entries of this tenant. */
                tenant?: string;
                /** @description Only this action, e.g. task.cancel or auth.failed. */
                action?: string;
                /** @description Only entries of this key (its id, or its name). */
                actor?: string;
                /** @description Only entries on this target (a task or run id, a workflow or key name). */
                target?: string;
                /** @description Only entries at or after this time. */
                after?: string;
                /** @description Only entries before this time. */
                before?: string;
                /** @description Page size, 1–200. */
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                };
            };
            /** @description Invalid query. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getTaskStats: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The figures, as of `generated_at`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskStats"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    streamTaskEvents: {
        parameters: {
            query?: {
                /** @description Only the events of this task. */
                task_id?: string;
                /** @description Resume after this event: the Last-Event-ID header, for clients that cannot set headers (the header wins when both are given). */
                last_event_id?: string;
            };
            header?: {
                /** @description The id of the last event the client received: the stream resumes after it. */
                "Last-Event-ID"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An endless event stream; each `data` is a TaskEvent (a `reset` event: a TaskEventsReset). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["TaskEvent"] | components["schemas"]["TaskEventsReset"];
                };
            };
            /** @description `task_id` is not a UUID, or `Last-Event-ID` / `last_event_id` is not an event id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description This client (API key, or address) or this API has as many streams open as SSE_MAX_CONNECTIONS_PER_KEY / SSE_MAX_CONNECTIONS allow. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["Error"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    startBulkAction: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description What to do to every task matched: cancel, retry or delete.
                     * @enum {string}
                     */
                    action: "cancel" | "retry" | "delete";
                    /**
                     * @description The filters of GET /tasks as its query would give them (`status`, `task_type`, `created_after`, `created_before`, `workflow_run_id`, `name`, `param.<key>`, `result.<key>`, `label.<key>`), each value a string. `{}` matches every task you may see.
                     * @default {}
                     * @example {
                     *       "status": "failed",
                     *       "task_type": "data_processing",
                     *       "label.project": "beta"
                     *     }
                     */
                    filter?: {
                        [key: string]: string;
                    };
                    /** @description Only these tasks (at most 10000), of those the filter matches: the rows selected in a list. */
                    ids?: string[];
                    /**
                     * @description Only count: how many tasks match, and to how many the action applies now.
                     * @default false
                     */
                    dry_run?: boolean;
                };
            };
        };
        responses: {
            /** @description The dry run: counts only, nothing changed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkDryRun"];
                };
            };
            /** @description Started; the operation as it is now. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkOperation"];
                };
            };
            /** @description Invalid input; `message` and `details` name each field at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getBulkOperation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkOperation"];
                };
            };
            /** @description Invalid input; `message` and `details` name each field at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No bulk operation has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    cancelBulkOperation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cancelled. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkOperation"];
                };
            };
            /** @description Invalid input; `message` and `details` name each field at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No bulk operation has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The operation has already ended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getBulkOperationReport: {
        parameters: {
            query?: {
                /** @description `csv`: task_id,outcome,reason with a header line; `jsonl`: one JSON object per line. */
                format?: "csv" | "jsonl";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report, as an attachment. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                    "application/x-ndjson": string;
                };
            };
            /** @description Invalid input; `message` and `details` name each field at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": components["schemas"]["Error"];
                    "application/x-ndjson": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No bulk operation has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": components["schemas"]["Error"];
                    "application/x-ndjson": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    listTasks: {
        parameters: {
            query?: {
                /** @description One status, or several separated by commas (any of them matches): pending, processing, retrying, completed, failed, cancelled. */
                status?: string;
                /** @description Only tasks of this type (see GET /task-types). */
                task_type?: string;
                /** @description Only tasks created at or after this time. */
                created_after?: string;
                /** @description Only tasks created before this time. */
                created_before?: string;
                /** @description Only the step tasks of this workflow run. */
                workflow_run_id?: string;
                /** @description Only tasks whose name contains this text, in any case. */
                name?: string;
                /** @description Page size, 1–100. */
                limit?: number;
                /** @description `next_cursor` from the previous page. */
                cursor?: string;
                /** @description Fields each task of the page also carries, separated by commas: parameters, result, attempt_errors (left out by default). */
                include?: string;
                /** @description Only tasks whose parameters has this top-level key with this value (`<key>`: 1–64 letters, digits, _ or -). The value is read as JSON when it is a number, `true`, `false`, `null` or a quoted string, and as a plain string otherwise: `param.seed=42`. Up to 5 `param.*` and `result.*` keys in all; every one must match. */
                "param.<key>"?: string;
                /** @description Only tasks whose result has this top-level key with this value (`<key>`: 1–64 letters, digits, _ or -). The value is read as JSON when it is a number, `true`, `false`, `null` or a quoted string, and as a plain string otherwise: `result.format=csv`. Up to 5 `param.*` and `result.*` keys in all; every one must match. */
                "result.<key>"?: string;
                /** @description Only tasks with this label, exactly (`label.project=beta`). Up to 20 `label.*` keys; every one must match. */
                "label.<key>"?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskList"];
                };
            };
            /** @description Invalid input; `message` and `details` name each field at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    createTask: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the request safe to repeat: the same key with the same body returns the tasks first created (200), with another body 422. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTaskRequest"];
            };
        };
        responses: {
            /** @description Created earlier with the same Idempotency-Key. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Created and queued. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Unknown task type (the message lists the valid ones) or invalid parameters. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description The Idempotency-Key was used with a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key's tenant has MAX_OPEN_TASKS_PER_TENANT unfinished tasks, or the rate limit is reached. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Redis is unavailable; nothing was created. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createTaskBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the request safe to repeat: the same key with the same body returns the tasks first created (200), with another body 422. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTaskBatchRequest"];
            };
        };
        responses: {
            /** @description Created earlier with the same Idempotency-Key. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskBatch"];
                };
            };
            /** @description Created and queued, in the order sent. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskBatch"];
                };
            };
            /** @description Some items are invalid; none was created. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description The Idempotency-Key was used with a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key's tenant has MAX_OPEN_TASKS_PER_TENANT unfinished tasks, or the rate limit is reached. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Redis is unavailable; nothing was created. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportTasks: {
        parameters: {
            query?: {
                /** @description One status, or several separated by commas (any of them matches): pending, processing, retrying, completed, failed, cancelled. */
                status?: string;
                /** @description Only tasks of this type (see GET /task-types). */
                task_type?: string;
                /** @description Only tasks created at or after this time. */
                created_after?: string;
                /** @description Only tasks created before this time. */
                created_before?: string;
                /** @description Only the step tasks of this workflow run. */
                workflow_run_id?: string;
                /** @description Only tasks whose name contains this text, in any case. */
                name?: string;
                /** @description `csv`: one table with a header line; `jsonl`: one task per line, as GET /tasks/{id} shows it. */
                format?: "csv" | "jsonl";
                /** @description Only tasks whose parameters has this top-level key with this value (`<key>`: 1–64 letters, digits, _ or -). The value is read as JSON when it is a number, `true`, `false`, `null` or a quoted string, and as a plain string otherwise: `param.seed=42`. Up to 5 `param.*` and `result.*` keys in all; every one must match. */
                "param.<key>"?: string;
                /** @description Only tasks whose result has this top-level key with this value (`<key>`: 1–64 letters, digits, _ or -). The value is read as JSON when it is a number, `true`, `false`, `null` or a quoted string, and as a plain string otherwise: `result.format=csv`. Up to 5 `param.*` and `result.*` keys in all; every one must match. */
                "result.<key>"?: string;
                /** @description Only tasks with this label, exactly (`label.project=beta`). Up to 20 `label.*` keys; every one must match. */
                "label.<key>"?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tasks, as an attachment (`Content-Disposition`). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                    "application/x-ndjson": string;
                };
            };
            /** @description Invalid input; `message` and `details` name each field at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": components["schemas"]["Error"];
                    "application/x-ndjson": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description 2 exports are running on this API process; try again later. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": components["schemas"]["Error"];
                    "application/x-ndjson": components["schemas"]["Error"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    getTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskDetail"];
                };
            };
            /** @description The id is not a UUID. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No task has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    deleteTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The id is not a UUID. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No task has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The task is not final. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    cancelTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cancelled. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description The id is not a UUID. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No task has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The task is already final. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    retryTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RetryTaskRequest"];
            };
        };
        responses: {
            /** @description Queued again. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description The id is not a UUID, or the parameters do not fit the task type. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No task has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The task is not failed or cancelled, or is still being stopped. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    listTaskParameterVersions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskParameterVersionList"];
                };
            };
            /** @description The id is not a UUID. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No task has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getTaskStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskStatusView"];
                };
            };
            /** @description The id is not a UUID. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No task has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getTaskResult: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task is final. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskResult"];
                };
            };
            /** @description Not final yet; ask again after `Retry-After` seconds. */
            202: {
                headers: {
                    /** @description Seconds to wait before asking again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskNotFinished"];
                };
            };
            /** @description The id is not a UUID. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No task has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getTaskArtifact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                /** @description The artifact name, e.g. report.md. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file, as an attachment. */
            200: {
                headers: {
                    /** @description The content type the task saved the artifact with. */
                    "Content-Type"?: string;
                    /** @description attachment; filename="<name>" */
                    "Content-Disposition"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description The id is not a UUID or the name not a file name. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No task has this id, or it has no artifact of this name. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    listTaskLogs: {
        parameters: {
            query?: {
                /** @description Only the lines of this attempt (1 for the first). */
                attempt?: number;
                /** @description One level, or several separated by commas (any of them matches): debug, info, warn, error. */
                level?: string;
                /** @description The `next_cursor` of the previous page: lines after it. */
                cursor?: string;
                /** @description Page size, 1–1000. */
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskLogPage"];
                };
            };
            /** @description Invalid id or filter; `message` and `details` name each field at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No task has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    streamTaskLogs: {
        parameters: {
            query?: {
                /** @description Only the lines of this attempt (1 for the first). */
                attempt?: number;
                /** @description One level, or several separated by commas (any of them matches): debug, info, warn, error. */
                level?: string;
                /** @description Start after this line id (a `next_cursor`, or the last line seen); from the first line without it. */
                after?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An endless event stream. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid id or filter; `message` and `details` name each field at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No task has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    listTaskTypes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskTypeList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    listWorkflows: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    putWorkflow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Equal to the latest version: nothing created. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workflow"];
                };
            };
            /** @description A new version. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workflow"];
                };
            };
            /** @description The definition is invalid; `details` lists every error. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    listWorkflowVersions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowVersionList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No workflow has this name. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    startWorkflowRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StartWorkflowRunRequest"];
            };
        };
        responses: {
            /** @description Started; the first steps are queued. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRun"];
                };
            };
            /** @description Invalid body, or input that a step reads is missing. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No workflow has this name; the message lists those that exist. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key's tenant has MAX_OPEN_TASKS_PER_TENANT unfinished tasks (no run was started), or the rate limit is reached. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    listWorkflowRuns: {
        parameters: {
            query?: {
                /** @description Only runs in this status. */
                status?: components["schemas"]["WorkflowRunStatus"];
                /** @description Only runs of this workflow. */
                workflow?: string;
                /** @description Page size, 1–100. */
                limit?: number;
                /** @description `next_cursor` from the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRunList"];
                };
            };
            /** @description Invalid query. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getWorkflowRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRun"];
                };
            };
            /** @description The id is not a UUID. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No workflow run has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    pauseWorkflowRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Paused. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRun"];
                };
            };
            /** @description The id is not a UUID. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No workflow run has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The run is not running; the message says its status. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    resumeWorkflowRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResumeWorkflowRunRequest"];
            };
        };
        responses: {
            /** @description Running again. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRun"];
                };
            };
            /** @description Invalid id or body, or `parameters` the step's task type refuses; nothing changed. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No workflow run has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The run is neither paused nor failed; the message says its status. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    rerunWorkflowRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RerunWorkflowRunRequest"];
            };
        };
        responses: {
            /** @description Running again. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRun"];
                };
            };
            /** @description Invalid id or body, an unknown step, or `parameters` the task type refuses; nothing changed. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No workflow run has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The run is neither completed nor failed; the message says its status. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    approveWorkflowStep: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                step: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApprovalDecisionRequest"];
            };
        };
        responses: {
            /** @description Approved. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRun"];
                };
            };
            /** @description Invalid id or body. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No such run, or the run has no such step. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The step is not an approval step waiting for a decision. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    rejectWorkflowStep: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                step: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApprovalDecisionRequest"];
            };
        };
        responses: {
            /** @description Rejected. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRun"];
                };
            };
            /** @description Invalid id or body. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No such run, or the run has no such step. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The step is not an approval step waiting for a decision. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    streamWorkflowRunEvents: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An endless event stream; each `run` event's data is a WorkflowRun. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["WorkflowRun"];
                };
            };
            /** @description The id is not a UUID. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No workflow run has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    cancelWorkflowRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cancelled. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRun"];
                };
            };
            /** @description The id is not a UUID. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No workflow run has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The run has already completed or been cancelled. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    listPendingApprovals: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PendingApprovalList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    listSchedules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    createSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateScheduleRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            /** @description Invalid body: a bad cron, an unknown time zone or task type, or parameters the type refuses; `details` names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description The name is taken, or the schedule is declared in config/schedules.json (change it there). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleDetail"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No schedule has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    replaceSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateScheduleRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            /** @description Invalid body: a bad cron, an unknown time zone or task type, or parameters the type refuses; `details` names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No schedule has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The name is taken, or the schedule is declared in config/schedules.json (change it there). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    deleteSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No schedule has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The name is taken, or the schedule is declared in config/schedules.json (change it there). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    updateSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateScheduleRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            /** @description Invalid body: a bad cron, an unknown time zone or task type, or parameters the type refuses; `details` names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No schedule has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The name is taken, or the schedule is declared in config/schedules.json (change it there). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    pauseSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No schedule has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    resumeSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No schedule has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    triggerSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleTriggerResult"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No schedule has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Skipped (a task of the schedule is unfinished) or refused (parameters). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getQueue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueState"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    pauseQueue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueState"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    resumeQueue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueState"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    flushQueue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueFlushResult"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    listQueues: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getQueueByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The queue, e.g. `default` or `video`. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Queue"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No task type and no live worker has this queue. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    pauseQueueByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The queue, e.g. `default` or `video`. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Queue"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    resumeQueueByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The queue, e.g. `default` or `video`. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Queue"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    flushQueueByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The queue, e.g. `default` or `video`. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Pending and retrying tasks of its types cancelled. */
                        cancelled: number;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    claimTask: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkerClaimRequest"];
            };
        };
        responses: {
            /** @description A task: its attempt is leased to this worker. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkerClaimedTask"];
                };
            };
            /** @description No task came within `wait_s`: claim again. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid body, or a type that is not served over HTTP (the message lists those that are). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    heartbeatTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkerHeartbeatRequest"];
            };
        };
        responses: {
            /** @description The lease is extended. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkerLease"];
                };
            };
            /** @description Invalid body; `message` and `details` name each field at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No task has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The report changed nothing and the worker must stop working on the task: its attempt was superseded (the lease ran out and another claim took the task over), the task was cancelled or is otherwise final, or the attempt ran past its timeout (it is failed now, and retried if attempts remain). The message says which. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    reportTaskProgress: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkerProgressRequest"];
            };
        };
        responses: {
            /** @description Recorded; the lease is extended. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkerLease"];
                };
            };
            /** @description Invalid body; `message` and `details` name each field at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No task has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The report changed nothing and the worker must stop working on the task: its attempt was superseded (the lease ran out and another claim took the task over), the task was cancelled or is otherwise final, or the attempt ran past its timeout (it is failed now, and retried if attempts remain). The message says which. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    completeTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkerCompleteRequest"];
            };
        };
        responses: {
            /** @description `completed`; or `failed` when PostgreSQL refused the result itself (the task keeps the reason). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkerOutcome"];
                };
            };
            /** @description Invalid body; `message` and `details` name each field at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No task has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The report changed nothing and the worker must stop working on the task: its attempt was superseded (the lease ran out and another claim took the task over), the task was cancelled or is otherwise final, or the attempt ran past its timeout (it is failed now, and retried if attempts remain). The message says which. A late result of a superseded attempt is dropped. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    failTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkerFailRequest"];
            };
        };
        responses: {
            /** @description Recorded: `retrying` or `failed`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkerOutcome"];
                };
            };
            /** @description Invalid body; `message` and `details` name each field at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No task has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The report changed nothing and the worker must stop working on the task: its attempt was superseded (the lease ran out and another claim took the task over), the task was cancelled or is otherwise final, or the attempt ran past its timeout (it is failed now, and retried if attempts remain). The message says which. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description PostgreSQL and Redis answer. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"] | components["schemas"]["PublicHealth"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            /** @description PostgreSQL or Redis does not answer. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"] | components["schemas"]["PublicHealth"];
                };
            };
        };
    };
    getLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Liveness"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    listWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhookRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedWebhook"];
                };
            };
            /** @description Invalid body: an unknown event, a secret under 16 characters, or a URL leading to a private, loopback or link-local address not listed in WEBHOOK_ALLOWED_HOSTS; `details` names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No webhook of yours has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No webhook of yours has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    updateWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateWebhookRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Invalid body: an unknown event, a secret under 16 characters, or a URL leading to a private, loopback or link-local address not listed in WEBHOOK_ALLOWED_HOSTS; `details` names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No webhook of yours has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    testWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No webhook of yours has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                /** @description Only this subscription's deliveries. */
                webhook_id?: string;
                status?: "pending" | "delivered" | "failed";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryList"];
                };
            };
            /** @description A bad filter. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No delivery of yours has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    redeliverWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No delivery of yours has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The delivery is still pending. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getDashboard: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Dashboard"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
}
