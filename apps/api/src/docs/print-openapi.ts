import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule, loadApiStartup } from '../app.module.js';
import { createOpenApiDocument } from './swagger.js';

/**
 * Prints the OpenAPI document that /docs-json serves, without PostgreSQL or Redis: Nest's preview
 * mode reads the modules' metadata but instantiates no provider. packages/client generates
 * its types from this output (`npm run generate -w @atropos/client`).
 */
const app = await NestFactory.create(AppModule.with(loadApiStartup()), { preview: true, logger: false });
process.stdout.write(`${JSON.stringify(createOpenApiDocument(app), null, 2)}\n`);
await app.close();
