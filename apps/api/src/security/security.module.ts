import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DatabaseModule } from '../database/database.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { ApiKeyStore } from './api-key-store.js';
import { ApiKeysController } from './api-keys.controller.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { RequestCounter } from './request-counter.js';
import { UsersModule } from '../users/users.module.js';

/**
 * Who may call: the guards every route passes (the API key, its scope and tenant, then the rate
 * limit, counted in Redis), and the keys managed at run time (`/api-keys`). A signed-in user's
 * session token (UsersModule) passes the same guard as a key, with its role's scope.
 */
@Module({
  imports: [QueueModule, DatabaseModule, UsersModule],
  controllers: [ApiKeysController],
  providers: [
    ApiKeyStore,
    RequestCounter,
    // In this order: the rate limit counts per API key, which the key guard has identified.
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [ApiKeyStore],
})
export class SecurityModule {}
