import { Module } from '@nestjs/common';
import { RunnerModule } from '../runner/runner.module.js';
import { ControlListenerService } from './control-listener.service.js';

/** Listens for the API's control messages (cancel a running task) and passes them to the runner. */
@Module({
  imports: [RunnerModule],
  providers: [ControlListenerService],
})
export class ControlModule {}
