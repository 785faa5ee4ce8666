import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { WebhookDispatcherService } from './webhook-dispatcher.service.js';
import { WebhookDeliveriesController, WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

/** `/webhooks` (subscriptions), `/webhook-deliveries`, and the dispatcher that sends the outbox. */
@Module({
  imports: [DatabaseModule],
  controllers: [WebhooksController, WebhookDeliveriesController],
  providers: [WebhooksService, WebhookDispatcherService],
})
export class WebhooksModule {}
