import type { OnApplicationBootstrap } from '@nestjs/common';
import { Inject, Logger, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { DatabaseModule } from '../database/database.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { DEFAULT_TENANT } from '../security/api-keys.js';
import { RequestCounter } from '../security/request-counter.js';
import { AuthController } from './auth.controller.js';
import { OidcSignInService } from './oidc-sign-in.service.js';
import { SignInService } from './sign-in.service.js';
import { UserStore } from './user-store.js';
import { UsersController } from './users.controller.js';

/**
 * People: users with a role and a tenant, their sessions (`/auth/sign-in`, `/auth/sign-out`) and
 * their management (`/users`). ApiKeyGuard accepts a session token as it accepts a key.
 */
@Module({
  imports: [DatabaseModule, QueueModule, AuditModule],
  controllers: [AuthController, UsersController],
  // Its own RequestCounter: SecurityModule, which has one too, imports this module for the UserStore.
  providers: [UserStore, SignInService, OidcSignInService, RequestCounter],
  exports: [UserStore],
})
export class UsersModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Users');

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly users: UserStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { adminEmail, adminPassword } = this.config;
    if (!adminEmail || !adminPassword) return;
    const created = await this.users.createFirstAdmin(adminEmail, adminPassword, DEFAULT_TENANT);
    if (created) this.logger.log(`First admin ${created.email} created from ADMIN_EMAIL`);
  }
}
