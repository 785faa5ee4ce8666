import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { QueueModule } from '../queue/queue.module.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { RateLimitGuard } from './rate-limit.guard.js';

/** The guards every route passes: the API key and its scope, then the rate limit (counted in Redis). */
@Module({
  imports: [QueueModule],
  providers: [
    // In this order: the rate limit counts per API key, which the key guard has identified.
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
})
export class SecurityModule {}
