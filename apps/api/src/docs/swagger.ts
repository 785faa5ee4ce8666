import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject, OperationObject, ResponsesObject } from '@nestjs/swagger';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { API_KEY_SCOPES } from '../security/api-keys.js';
import { REQUIRED_SCOPE_EXTENSION } from '../security/access.decorators.js';

/**
 * Atropos runs wherever its users deploy it, so the document's server is a template whose defaults
 * are where `npm start` and docker-compose.yml serve it; the document served at /docs-json puts
 * the server it was read from first.
 */
const SERVER = {
  url: '{scheme}://{host}',
  description: 'Your Atropos API; by default where `npm start` and docker-compose.yml run it',
  variables: {
    scheme: { default: 'http', enum: ['http', 'https'] },
    host: { default: 'localhost:8000', description: 'The host name and port the API answers on.' },
  },
};

/** The security schemes: one API key, sent in either header (ApiKeyGuard reads both). */
export const API_KEY_SCHEME = 'apiKey';
export const BEARER_API_KEY_SCHEME = 'bearerApiKey';

const TAGS: Array<[name: string, description: string]> = [
  ['tasks', 'Create tasks, follow their status and progress, read their results; cancel, retry and delete them.'],
  ['task-events', 'Changes of tasks as they happen, as Server-Sent Events.'],
  ['artifacts', 'Files a task saved while it ran.'],
  ['task-logs', 'What a task wrote to its log while it ran, attempt by attempt; read or followed live.'],
  ['stats', 'Counts, durations and throughput of the tasks.'],
  ['task-types', 'The kinds of task the workers run, with the JSON Schema of their parameters.'],
  ['workflows', 'Workflow definitions: named sequences of steps, each a task.'],
  ['workflow-runs', 'Runs of workflows: follow, pause, resume and cancel them.'],
  ['schedules', 'Tasks created on a cron schedule: create, change, pause, resume and fire schedules.'],
  ['webhooks', 'Events POSTed to your URL, signed: subscriptions, their deliveries with every attempt, redelivery.'],
  ['queue', 'The queue the workers take tasks from: its counts; pause, resume and flush it (admin scope).'],
  [
    'worker-protocol',
    'Workers in any language: claim tasks of the types they serve, report progress, complete or fail them (worker scope).',
  ],
  ['health', 'Whether the API, PostgreSQL, Redis and the workers are up. Needs no API key; the details do.'],
  ['api-keys', 'API keys managed at run time: create, list and revoke them (admin scope).'],
  ['auth', 'People signing in and out: a session token acts like an API key with the scope of its role.'],
  ['users', 'People who sign in, with a role (viewer, operator, admin) and a tenant: create, change, disable them (admin scope).'],
  ['audit', 'Every change made through the API and every refused authentication (admin scope).'],
];

/**
 * The OpenAPI document, built from the routes' schemas; printed by print-openapi.ts into
 * packages/client/openapi.json, which the client library is generated from.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Atropos')
    .setDescription(
      'Long-running background tasks: create a task, watch its status and progress, read its result. ' +
        'Errors are `{statusCode, error, message}`; validation errors add `details` with each field at fault.\n\n' +
        'When the API has keys (`API_KEYS`, or keys created with `POST /api-keys`), every operation but `GET /health` ' +
        'needs one, sent as `X-API-Key: <key>` or `Authorization: Bearer <key>`. A key has a scope: `read` (GET), ' +
        '`write` (also create, cancel, retry and delete), `admin` (also queue control, schedules, workflow definitions, ' +
        'keys, the audit log and the worker protocol, across tenants), `worker` (the worker protocol only), `metrics` ' +
        `(GET /metrics only); each operation names the scope it needs in \`${REQUIRED_SCOPE_EXTENSION}\`. ` +
        "A key also has a tenant: it sees and acts on its tenant's tasks and workflow runs only, and another tenant's " +
        'answer 404 as if they did not exist. Without any key the API is open (on loopback only, unless told otherwise).',
    )
    .setVersion('0.1.0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer(SERVER.url, SERVER.description, SERVER.variables)
    .addSecurity(API_KEY_SCHEME, {
      type: 'apiKey',
      in: 'header',
      name: 'X-API-Key',
      description: "An API key: one of the API's `API_KEYS` setting, or one created with `POST /api-keys` (`atr_…`), sent as is.",
    })
    .addSecurity(BEARER_API_KEY_SCHEME, {
      type: 'http',
      scheme: 'bearer',
      description: 'The same API key as a bearer token: `Authorization: Bearer <key>`. An opaque key, not a JWT.',
    })
    // Either header will do: two alternative requirements.
    .addSecurityRequirements(API_KEY_SCHEME)
    .addSecurityRequirements(BEARER_API_KEY_SCHEME);
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build());
  typeNullableReferences(document);
  return documentGuards(document);
}

/**
 * Swagger UI at /docs and the OpenAPI document at /docs-json. The served document's first server is
 * `/`, relative to where it was read (OpenAPI allows that), so "Try it out" calls this API; the
 * request's Host header is not echoed into it.
 */
export function setupSwagger(app: INestApplication): void {
  const served = (): OpenAPIObject => {
    const document = createOpenApiDocument(app);
    return {
      ...document,
      servers: [{ url: '/', description: 'This API: the server this document was read from' }, ...(document.servers ?? [])],
    };
  };
  SwaggerModule.setup('docs', app, served, { jsonDocumentUrl: 'docs-json' });
}

const errorBody = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };

/** The answers the global guards and the exception filter give on any route, as shared responses. */
const SHARED_RESPONSES = {
  Unauthorized: {
    description: 'No API key, or not a valid one (revoked, expired, unknown); only when the API has keys.',
    content: errorBody,
  },
  Forbidden: {
    description: `The API key's scope is too small for this operation (see \`${REQUIRED_SCOPE_EXTENSION}\`).`,
    content: errorBody,
  },
  TooManyRequests: {
    description:
      'More than RATE_LIMIT_PER_MINUTE requests in this minute, or more than AUTH_FAILURES_PER_MINUTE refused authentications ' +
      'from this address; try again after `Retry-After` seconds.',
    headers: { 'Retry-After': { description: 'Seconds until the next window.', schema: { type: 'integer' } } },
    content: errorBody,
  },
  Unavailable: { description: 'PostgreSQL or Redis does not answer; try again in a few seconds.', content: errorBody },
};

/**
 * ApiKeyGuard, RateLimitGuard and HttpExceptionFilter apply to every route, so their answers are
 * documented here once rather than on each handler: 401 and 403 on routes that need a key (with the
 * scope they need), 429 and 503 everywhere, unless a handler documents its own.
 */
function documentGuards(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, responses: { ...document.components?.responses, ...SHARED_RESPONSES } };
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method] as (OperationObject & Record<string, unknown>) | undefined;
      if (!operation) continue;
      const responses: ResponsesObject = operation.responses;
      const open = Array.isArray(operation.security) && operation.security.length === 0;
      if (!open) {
        const scope = operation[REQUIRED_SCOPE_EXTENSION] ?? (method === 'get' ? 'read' : 'write');
        if (!API_KEY_SCOPES.includes(scope as never))
          throw new Error(`${String(operation.operationId)}: unknown scope ${JSON.stringify(scope)}`);
        operation[REQUIRED_SCOPE_EXTENSION] = scope;
        responses['401'] ??= { $ref: '#/components/responses/Unauthorized' };
        responses['403'] ??= { $ref: '#/components/responses/Forbidden' };
      }
      responses['429'] ??= { $ref: '#/components/responses/TooManyRequests' };
      responses['503'] ??= { $ref: '#/components/responses/Unavailable' };
    }
  }
  return document;
}

/**
 * A nullable reference (zod's `someSchema.nullable()` where `someSchema` has an id) comes out as
 * `{nullable: true, allOf: [{$ref}]}`; OpenAPI 3.0 reads `nullable` only beside a `type`, so the
 * referenced schema's type is added there (Redocly's nullable-type-sibling rule).
 */
function typeNullableReferences(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, { type?: unknown }>;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const schema = node as Record<string, unknown>;
    if (schema.nullable === true && schema.type === undefined && Array.isArray(schema.allOf) && schema.allOf.length === 1) {
      const ref = (schema.allOf[0] as { $ref?: unknown }).$ref;
      const type = typeof ref === 'string' ? schemas[ref.replace('#/components/schemas/', '')]?.type : undefined;
      if (typeof type === 'string') schema.type = type;
    }
    Object.values(schema).forEach(visit);
  };
  visit(document);
}
