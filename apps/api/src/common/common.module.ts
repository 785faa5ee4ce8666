import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { HttpExceptionFilter } from './http-exception.filter.js';
import { StorableInputInterceptor } from './storable-input.interceptor.js';
import { SchemaValidationPipe } from './validation.js';

/**
 * What every route shares: what PostgreSQL could not store refused, bodies, queries and params
 * checked against their schemas, and one error shape.
 */
@Module({
  providers: [
    { provide: APP_INTERCEPTOR, useClass: StorableInputInterceptor },
    { provide: APP_PIPE, useClass: SchemaValidationPipe },
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
  ],
})
export class CommonModule {}
