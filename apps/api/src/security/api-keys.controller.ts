import { Body, Controller, Delete, Get, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuditLocals } from '../audit/audit.middleware.js';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { errorSchema } from '../common/error.schema.js';
import { RequireScope } from './access.decorators.js';
import { ApiKeyStore } from './api-key-store.js';
import type { CreateApiKeyBody } from './api-key.schemas.js';
import { apiKeyIdParam, apiKeyListSchema, apiKeySchema, createApiKeyBody, createdApiKeySchema } from './api-key.schemas.js';
import type { Caller } from './caller.js';
import { CurrentCaller, visibleTenant } from './caller.js';

/** Keys managed without a restart. Admin keys only: an admin key acts across tenants. */
@ApiTags('api-keys')
@Controller('api-keys')
@RequireScope('admin')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyStore) {}

  @Post()
  @ApiOperation({
    operationId: 'createApiKey',
    summary: 'Create an API key',
    description: 'The answer holds the key itself (`secret`), once; the API keeps only its SHA-256. It works on every replica at once.',
  })
  @ApiResponse({ status: 201, standardSchema: createdApiKeySchema })
  @ApiResponse({ status: 400, description: 'Invalid body; `details` names each field.', standardSchema: errorSchema })
  async create(
    @Body({ schema: createApiKeyBody }) body: CreateApiKeyBody,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { key, secret } = await this.keys.create({
      name: body.name,
      scope: body.scope,
      tenant: body.tenant ?? caller.tenant,
      expiresAt: body.expires_at === undefined ? null : new Date(body.expires_at),
      createdBy: caller.keyName,
    });
    (response.locals as AuditLocals).auditTarget = key.id;
    return { ...key, secret };
  }

  @Get()
  @ApiOperation({
    operationId: 'listApiKeys',
    summary: 'List the API keys',
    description: 'Newest first, revoked ones too; never a secret.',
  })
  @ApiResponse({ status: 200, standardSchema: apiKeyListSchema })
  async list(@CurrentCaller() caller: Caller) {
    return { data: await this.keys.list(visibleTenant(caller)) };
  }

  @Delete(':id')
  @ApiOperation({
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key',
    description: 'It stops working on every replica within two seconds; it stays listed, with `revoked_at`.',
  })
  @ApiResponse({ status: 200, description: 'Revoked (or already was).', standardSchema: apiKeySchema })
  @ApiResponse({ status: 400, description: 'The id is not an API key id.', standardSchema: errorSchema })
  @ApiResponse({ status: 404, description: 'No API key has this id.', standardSchema: errorSchema })
  revoke(@Param('id', { schema: apiKeyIdParam }) id: string, @CurrentCaller() caller: Caller) {
    return this.keys.revoke(id, visibleTenant(caller));
  }
}
