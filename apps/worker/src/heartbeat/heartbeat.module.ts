import { Module } from '@nestjs/common';
import { RunnerModule } from '../runner/runner.module.js';
import { HeartbeatService } from './heartbeat.service.js';

/** The worker's heartbeat in Redis, naming the tasks the runner holds; /health reads it. */
@Module({
  imports: [RunnerModule],
  providers: [HeartbeatService],
})
export class HeartbeatModule {}
