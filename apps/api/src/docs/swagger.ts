import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI document, built from the routes' schemas; also printed by print-openapi.ts for the typed client. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Atropos')
    .setDescription(
      'Long-running background tasks: create a task, watch its status and progress, read its result. ' +
        'Errors are `{statusCode, error, message}`; validation errors add `details` with each field at fault.',
    )
    .setVersion('0.1.0')
    // Needed on every route but /health once API_KEYS is set.
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key from API_KEYS' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
    .addSecurityRequirements('bearer')
    .addSecurityRequirements('api-key')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Swagger UI at /docs and the OpenAPI document at /docs-json. */
export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
  });
}
