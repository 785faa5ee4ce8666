/** What the worker runtime needs to know: where PostgreSQL and Redis are, and how it runs tasks. */
export interface WorkerConfig {
  databaseUrl: string;
  databasePoolSize: number;
  redisUrl: string;
  queuePrefix: string;
  concurrency: number;
  /** Names this process in task rows and heartbeats; host and pid unless WORKER_ID says otherwise. */
  workerId: string;
  progressWriteIntervalMs: number;
  heartbeatIntervalMs: number;
  /** How long a stopping worker lets running tasks finish before handing them back to the queue. */
  shutdownGraceMs: number;
  stalledCheckIntervalMs: number;
  /** Largest artifact a task may save. */
  artifactMaxBytes: number;
  /** The worker's environment, from which each command type's allow-list passes variables on. */
  environment: NodeJS.ProcessEnv;
}

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
