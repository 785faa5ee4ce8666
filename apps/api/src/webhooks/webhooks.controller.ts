import type { CreateWebhookBody, UpdateWebhookBody, WebhookDeliveriesQuery } from '@atropos/tasks';
import {
  createdWebhookSchema,
  createWebhookBody,
  updateWebhookBody,
  webhookDeliveriesQuery,
  webhookDeliveryListSchema,
  webhookDeliverySchema,
  webhookListSchema,
  webhookSchema,
} from '@atropos/tasks';
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import type { AuditLocals } from '../audit/audit.middleware.js';
import { errorSchema } from '../common/error.schema.js';
import type { Caller } from '../security/caller.js';
import { CurrentCaller } from '../security/caller.js';
import { WebhooksService } from './webhooks.service.js';

const idParam = z.uuid({ error: 'must be an id (a UUID)' });

const badRequest = {
  status: 400,
  description:
    'Invalid body: an unknown event, a secret under 16 characters, or a URL leading to a private, loopback or link-local address not listed in WEBHOOK_ALLOWED_HOSTS; `details` names each field.',
  standardSchema: errorSchema,
};
const notFound = { status: 404, description: 'No webhook of yours has this id.', standardSchema: errorSchema };

@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    operationId: 'createWebhook',
    summary: 'Subscribe to events',
    description:
      "POSTs each event of `events` that passes `filter` to `url`, signed with the secret (the `Atropos-Signature` header), retried with exponential backoff for 24 hours. The answer is the only time the secret is shown. A key's webhook gets its tenant's events; an admin's, every tenant's.",
  })
  @ApiResponse({ status: 201, standardSchema: createdWebhookSchema })
  @ApiResponse(badRequest)
  async create(
    @Body({ schema: createWebhookBody }) body: CreateWebhookBody,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) response: Response,
  ) {
    const created = await this.webhooks.create(body, caller);
    (response.locals as AuditLocals).auditTarget = created.id;
    return created;
  }

  @Get()
  @ApiOperation({ operationId: 'listWebhooks', summary: 'List the webhooks', description: 'Oldest first; secrets are never shown.' })
  @ApiResponse({ status: 200, standardSchema: webhookListSchema })
  list(@CurrentCaller() caller: Caller) {
    return this.webhooks.list(caller);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getWebhook', summary: 'Read a webhook' })
  @ApiResponse({ status: 200, standardSchema: webhookSchema })
  @ApiResponse(notFound)
  get(@Param('id', { schema: idParam }) id: string, @CurrentCaller() caller: Caller) {
    return this.webhooks.get(id, caller);
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateWebhook',
    summary: 'Change a webhook',
    description: 'A new url or secret applies to every delivery not yet made, including retries.',
  })
  @ApiResponse({ status: 200, standardSchema: webhookSchema })
  @ApiResponse(badRequest)
  @ApiResponse(notFound)
  update(
    @Param('id', { schema: idParam }) id: string,
    @Body({ schema: updateWebhookBody }) body: UpdateWebhookBody,
    @CurrentCaller() caller: Caller,
  ) {
    return this.webhooks.update(id, body, caller);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'deleteWebhook',
    summary: 'Delete a webhook',
    description: 'Its deliveries go with it, pending ones unsent.',
  })
  @ApiResponse({ status: 204, description: 'Deleted.' })
  @ApiResponse(notFound)
  async delete(@Param('id', { schema: idParam }) id: string, @CurrentCaller() caller: Caller): Promise<void> {
    await this.webhooks.delete(id, caller);
  }

  @Post(':id/test')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'testWebhook',
    summary: 'Send a test delivery',
    description:
      'Queues a `webhook.test` delivery, sent, signed and retried like any other; read its attempts at GET /webhook-deliveries/{id}.',
  })
  @ApiResponse({ status: 202, standardSchema: webhookDeliverySchema })
  @ApiResponse(notFound)
  test(@Param('id', { schema: idParam }) id: string, @CurrentCaller() caller: Caller) {
    return this.webhooks.test(id, caller);
  }
}

@ApiTags('webhooks')
@Controller('webhook-deliveries')
export class WebhookDeliveriesController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOperation({
    operationId: 'listWebhookDeliveries',
    summary: 'List webhook deliveries',
    description: "Newest first, each with every attempt's status code, latency and error.",
  })
  @ApiResponse({ status: 200, standardSchema: webhookDeliveryListSchema })
  @ApiResponse({ status: 400, description: 'A bad filter.', standardSchema: errorSchema })
  list(@Query({ schema: webhookDeliveriesQuery }) query: WebhookDeliveriesQuery, @CurrentCaller() caller: Caller) {
    return this.webhooks.deliveries(query, caller);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getWebhookDelivery', summary: 'Read a webhook delivery', description: 'With every attempt.' })
  @ApiResponse({ status: 200, standardSchema: webhookDeliverySchema })
  @ApiResponse({ status: 404, description: 'No delivery of yours has this id.', standardSchema: errorSchema })
  get(@Param('id', { schema: idParam }) id: string, @CurrentCaller() caller: Caller) {
    return this.webhooks.delivery(id, caller);
  }

  @Post(':id/redeliver')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'redeliverWebhook',
    summary: 'Send a delivery again',
    description:
      'A delivered or failed delivery is sent again now, with the same id (receivers that deduplicate drop it if they had it), and retried for another 24 hours.',
  })
  @ApiResponse({ status: 202, standardSchema: webhookDeliverySchema })
  @ApiResponse({ status: 404, description: 'No delivery of yours has this id.', standardSchema: errorSchema })
  @ApiResponse({ status: 409, description: 'The delivery is still pending.', standardSchema: errorSchema })
  redeliver(@Param('id', { schema: idParam }) id: string, @CurrentCaller() caller: Caller) {
    return this.webhooks.redeliver(id, caller);
  }
}
