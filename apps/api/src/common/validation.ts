import type { FieldProblem } from '@atropos/tasks';
import { describeFieldProblems, toFieldProblems } from '@atropos/tasks';
import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { BadRequestException, Injectable } from '@nestjs/common';

/** A 400 that names every field at fault, in the message and one by one in `details`. */
export function invalidRequest(problems: FieldProblem[]): BadRequestException {
  return new BadRequestException({ message: describeFieldProblems(problems), details: problems });
}

/**
 * Validates bodies, queries and params against the zod schema given in their decorator
 * (`@Body({ schema })`, `@Param('id', { schema })`) and answers 400 naming each field at fault.
 * Nest's own StandardSchemaValidationPipe cannot name a route param, since its error factory
 * never sees which param failed; this one prefixes the param's name.
 * (Before it, StorableInputGuard has refused what PostgreSQL could not store.)
 */
@Injectable()
export class SchemaValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const schema = metadata.schema;
    if (!schema) return value;
    const result = await schema['~standard'].validate(value);
    if (!result.issues) return result.value;
    const field = metadata.type === 'param' || metadata.type === 'query' ? metadata.data : undefined;
    throw invalidRequest(toFieldProblems(result.issues, field));
  }
}
