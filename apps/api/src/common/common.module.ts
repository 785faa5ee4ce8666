import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { HttpExceptionFilter } from './http-exception.filter.js';
import { StorableInputGuard } from './storable-input.guard.js';
import { SchemaValidationPipe } from './validation.js';

/**
 * What every route shares: what PostgreSQL could not store refused, bodies, queries and params
 * checked against their schemas, and one error shape.
 */
@Module({
  providers: [
    { provide: APP_GUARD, useClass: StorableInputGuard },
    { provide: APP_PIPE, useClass: SchemaValidationPipe },
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
  ],
})
export class CommonModule {}
