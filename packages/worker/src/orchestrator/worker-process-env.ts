/**
 * The environment of worker process `index` (0-based) of a supervisor. A WORKER_ID set for the
 * whole command names each process after it (unset, each takes the default <hostname>:<pid>).
 * METRICS_PORT is the first process's port and each further one takes the next (9464, 9465…):
 * processes share one network namespace, so a single port would let only one of them start.
 */
export function workerProcessEnv(env: NodeJS.ProcessEnv, index: number): NodeJS.ProcessEnv {
  const child: NodeJS.ProcessEnv = { ...env, ATROPOS_WORKER_PROCESS: String(index + 1) };
  if (env['WORKER_ID']) child['WORKER_ID'] = `${env['WORKER_ID']}-${index + 1}`;
  const metricsPort = Number(env['METRICS_PORT']);
  // 0 asks each process for a free port of its own already; unset or invalid is left to the settings check.
  if (env['METRICS_PORT'] && Number.isInteger(metricsPort) && metricsPort > 0) child['METRICS_PORT'] = String(metricsPort + index);
  return child;
}
