/**
 * The worker container's health check (`node dist/healthcheck.js`): exits 0 when a worker in this
 * container has a live heartbeat in Redis, 1 otherwise (see @atropos/worker's checkWorkerHealth,
 * which `atropos-worker --health` runs too).
 */
import { runHealthCheck } from '@atropos/worker/health';

runHealthCheck();
