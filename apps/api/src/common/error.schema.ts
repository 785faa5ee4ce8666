import { z } from 'zod';

/** The body of every error the API answers, as DESIGN.md fixes it. */
export const errorSchema = z
  .object({
    statusCode: z.int().meta({ example: 400 }),
    error: z.string().meta({ example: 'Bad Request' }),
    message: z.string().meta({ example: 'parameters.record_count: Too big: expected number to be <=10000000' }),
    details: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .describe('For validation errors: each field at fault, so a form can show the message beside it.'),
  })
  .meta({ id: 'Error' });

export type ErrorBody = z.infer<typeof errorSchema>;
