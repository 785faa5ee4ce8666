import type { FieldProblem } from '@atropos/tasks';
import { describeFieldProblems, toFieldProblems } from '@atropos/tasks';
import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { BadRequestException, Injectable } from '@nestjs/common';
import { unstorableTextProblems } from './storable-text.js';

/** A 400 that names every field at fault, in the message and one by one in `details`. */
export function invalidRequest(problems: FieldProblem[]): BadRequestException {
  return new BadRequestException({ message: describeFieldProblems(problems), details: problems });
}

/**
 * Validates bodies, queries and params against the zod schema given in their decorator
 * (`@Body({ schema })`, `@Param('id', { schema })`) and answers 400 naming each field at fault.
 * Nest's own StandardSchemaValidationPipe cannot name a route param, since its error factory
 * never sees which param failed; this one prefixes the param's name.
 *
 * First, whatever the route and its schema: every string a client sent in a body, a query or a
 * path (object keys included, at any depth: task parameters, workflow input) must be storable, so
 * a NUL or a lone surrogate is a 400 naming the field here, in one place, never a failed INSERT.
 */
@Injectable()
export class SchemaValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const field = metadata.type === 'param' || metadata.type === 'query' ? metadata.data : undefined;
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const unstorable = unstorableTextProblems(value, field);
      if (unstorable.length > 0) throw invalidRequest(unstorable);
    }
    const schema = metadata.schema;
    if (!schema) return value;
    const result = await schema['~standard'].validate(value);
    if (!result.issues) return result.value;
    throw invalidRequest(toFieldProblems(result.issues, field));
  }
}
