import { Body, Controller, Delete, Get, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuditLocals } from '../audit/audit.middleware.js';
import { errorSchema } from '../common/error.schema.js';
import { RequireScope } from '../security/access.decorators.js';
import type { Caller } from '../security/caller.js';
import { CurrentCaller, visibleTenant } from '../security/caller.js';
import { UserStore } from './user-store.js';
import type { CreateUserBody, UpdateUserBody } from './users.schemas.js';
import { createUserBody, revokedSessionsSchema, updateUserBody, userIdParam, userListSchema, userSchema } from './users.schemas.js';

/** People who sign in, managed by admins (admin keys, or users with the admin role). */
@ApiTags('users')
@Controller('users')
@RequireScope('admin')
export class UsersController {
  constructor(private readonly users: UserStore) {}

  @Post()
  @ApiOperation({
    operationId: 'createUser',
    summary: 'Create a user',
    description: 'The password is kept only as a scrypt hash. Once a user exists, the API asks every caller for a key or a session.',
  })
  @ApiResponse({ status: 201, standardSchema: userSchema })
  @ApiResponse({ status: 400, description: 'Invalid body; `details` names each field.', standardSchema: errorSchema })
  @ApiResponse({ status: 409, description: 'A user with this email exists.', standardSchema: errorSchema })
  async create(
    @Body({ schema: createUserBody }) body: CreateUserBody,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) response: Response,
  ) {
    const user = await this.users.create({
      email: body.email,
      password: body.password,
      role: body.role,
      tenant: body.tenant ?? caller.tenant,
      createdBy: caller.keyName,
    });
    (response.locals as AuditLocals).auditTarget = user.id;
    return user;
  }

  @Get()
  @ApiOperation({ operationId: 'listUsers', summary: 'List the users', description: 'Oldest first, disabled ones too.' })
  @ApiResponse({ status: 200, standardSchema: userListSchema })
  async list(@CurrentCaller() caller: Caller) {
    return { data: await this.users.list(visibleTenant(caller)) };
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateUser',
    summary: "Change a user's role or password, or disable them",
    description: 'Any change ends the sessions the user has open.',
  })
  @ApiResponse({ status: 200, standardSchema: userSchema })
  @ApiResponse({ status: 400, description: 'Invalid body or id.', standardSchema: errorSchema })
  @ApiResponse({ status: 404, description: 'No user has this id.', standardSchema: errorSchema })
  update(
    @Param('id', { schema: userIdParam }) id: string,
    @Body({ schema: updateUserBody }) body: UpdateUserBody,
    @CurrentCaller() caller: Caller,
  ) {
    return this.users.update(id, visibleTenant(caller), body);
  }

  @Delete(':id/sessions')
  @ApiOperation({
    operationId: 'revokeUserSessions',
    summary: "End a user's sessions",
    description: 'Every token of theirs stops working at once.',
  })
  @ApiResponse({ status: 200, standardSchema: revokedSessionsSchema })
  @ApiResponse({ status: 400, description: 'The id is not a user id.', standardSchema: errorSchema })
  @ApiResponse({ status: 404, description: 'No user has this id.', standardSchema: errorSchema })
  async revokeSessions(@Param('id', { schema: userIdParam }) id: string, @CurrentCaller() caller: Caller) {
    return { revoked: await this.users.revokeSessions(id, visibleTenant(caller)) };
  }
}
